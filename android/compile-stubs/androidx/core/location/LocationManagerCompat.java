// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package androidx.core.location;
public final class LocationManagerCompat {
    public static boolean isLocationEnabled(android.location.LocationManager locationManager) { throw new RuntimeException("Stub!"); }
}
