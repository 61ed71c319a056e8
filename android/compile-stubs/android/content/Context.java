// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.content;
public abstract class Context {
    public final <T> T getSystemService(Class<T> serviceClass) { throw new RuntimeException("Stub!"); }
    public abstract java.io.File getFilesDir();
    public abstract android.content.pm.PackageManager getPackageManager();
    public abstract String getPackageName();
    public abstract java.io.File getNoBackupFilesDir();
    public abstract Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter);
    public abstract void unregisterReceiver(BroadcastReceiver receiver);
}
