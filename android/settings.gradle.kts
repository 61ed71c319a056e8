// The Android shell: `sightline` (the library: generated Kotlin + native libraries + the
// BluetoothGatt transport) and `app` (the Jetpack Compose app). Built by `cargo xtask android`,
// which first fills `sightline/src/main/jniLibs` with `cargo ndk`; the library module generates
// the Kotlin bindings itself (its `generateUniffi` task).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "Sightline"
include(":sightline", ":app")
