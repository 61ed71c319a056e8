// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.app;
public class Notification {
    public static final String EXTRA_TITLE = "android.title";
    public static final String EXTRA_TEXT = "android.text";
    public android.os.Bundle extras;
}
