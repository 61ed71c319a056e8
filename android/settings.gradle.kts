// The Android shell: `sightline` (the library: generated Kotlin + native libraries + the
// BluetoothGatt transport) and `app` (the Jetpack Compose app). Built by `cargo xtask android`,
// which first fills `sightline/src/main/jniLibs` with `cargo ndk` and generates the Kotlin
// bindings into `sightline/build/generated/uniffi`.
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
