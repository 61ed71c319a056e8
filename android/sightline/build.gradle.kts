// The library module: the UniFFI-generated Kotlin (from `cargo xtask android`), the native
// libraries for arm64-v8a, armeabi-v7a and x86_64 (from `cargo ndk`), JNA as an AAR, and the
// BluetoothGatt implementation of the core's GlassesTransport.
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "app.sightline.android"
    compileSdk = 35

    defaultConfig {
        minSdk = 26
        consumerProguardFiles("consumer-rules.pro")
        testInstrumentationRunner = "androidx.test.runner.AndroidJUnitRunner"
    }

    sourceSets["main"].java.srcDir(layout.buildDirectory.dir("generated/uniffi"))

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // UniFFI's Kotlin calls the native library through JNA; the AAR carries JNA's own .so files.
    api("net.java.dev.jna:jna:5.15.0@aar")
    api("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.9.0")
    implementation("androidx.core:core-ktx:1.15.0")
}
