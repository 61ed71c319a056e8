// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package androidx.lifecycle;
public class AndroidViewModel extends ViewModel {
    public AndroidViewModel(android.app.Application application) { throw new RuntimeException("Stub!"); }
    public <T extends android.app.Application> T getApplication() { throw new RuntimeException("Stub!"); }
}
