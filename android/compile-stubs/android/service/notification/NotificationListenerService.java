// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Declares exactly the members the shells use;
// never compiled to bytecode, never run, never shipped. See android/compile-stubs/README.md.
package android.service.notification;
public abstract class NotificationListenerService extends android.app.Service {
    public NotificationListenerService() { throw new RuntimeException("Stub!"); }
    public void onNotificationPosted(StatusBarNotification sbn) { throw new RuntimeException("Stub!"); }
}
