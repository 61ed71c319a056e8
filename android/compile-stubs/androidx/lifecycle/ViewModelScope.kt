// Compile-time stand-in for the Android SDK / AndroidX, used only by `cargo xtask test` to
// type-check the shells' Kotlin with kotlinc. Compiled into that check's jar only; never run,
// never shipped. See android/compile-stubs/README.md.
package androidx.lifecycle

import kotlinx.coroutines.CoroutineScope

/** lifecycle-viewmodel-ktx's scope of a view model (an extension property, so Kotlin). */
val ViewModel.viewModelScope: CoroutineScope
    get() = throw RuntimeException("Stub!")
