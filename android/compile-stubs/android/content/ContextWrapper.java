// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.content;
public class ContextWrapper extends Context {
    public java.io.File getFilesDir() { throw new RuntimeException("Stub!"); }
    public android.content.pm.PackageManager getPackageManager() { throw new RuntimeException("Stub!"); }
    public String getPackageName() { throw new RuntimeException("Stub!"); }
    public java.io.File getNoBackupFilesDir() { throw new RuntimeException("Stub!"); }
    public Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter) { throw new RuntimeException("Stub!"); }
    public void unregisterReceiver(BroadcastReceiver receiver) { throw new RuntimeException("Stub!"); }
}
