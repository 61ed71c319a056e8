// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.os;
public class Build {
    public static class VERSION {
        public static final int SDK_INT = stub();
    }
    public static class VERSION_CODES {
        public static final int R = 30;
        public static final int S = 31;
        public static final int TIRAMISU = 33;
        public static final int UPSIDE_DOWN_CAKE = 34;
    }
    private static int stub() { throw new RuntimeException("Stub!"); }
}
