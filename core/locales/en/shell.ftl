# The phone shells' own words (Android and iOS), English. Every message has a twin with the
# same variables in ../zh-Hans/shell.ftl. The shells ask for them through the FFI
# (bindings/src/shell_text.rs: `shell_text`, `shell_link_text`, `shell_error_text`) and keep
# no strings of their own; iOS's permission prompts are written from here into the app's
# InfoPlist.strings. See docs/language.md.

## Start

shell-start-failed = Sightline could not start.

## Finding and pairing the glasses

shell-find-glasses = Find my glasses
shell-searching = Searching…
shell-unnamed-glasses = Glasses
shell-pairing-question = Do the glasses show this code?
shell-pairing-match = They match
shell-pairing-differ = They differ
shell-link = Glasses: { $state ->
    [scanning] searching
    [connecting] connecting
    [pairing] pairing
    [ready] connected
    [reconnecting] reconnecting
   *[other] not connected
}

## Bluetooth and permissions

shell-no-bluetooth = This phone has no Bluetooth LE.
shell-bluetooth-off = Bluetooth is off. Turn it on and search again.
shell-bluetooth-refused = Finding your glasses needs the Bluetooth permission. Allow it for Sightline in Settings.
shell-location-off = Turn on Location to find Bluetooth glasses on this Android version.
shell-scan-failed = The phone could not search for glasses. Try again in a moment.

## Asking

shell-ask = Ask
shell-send = Go
shell-stop-listening = Stop

## The confirmation sheet

shell-total = Total
shell-confirm = Confirm
shell-cancel = Cancel

## A failed call, by the kind of failure (never its developer text)

shell-error-invalid-input = That request could not be used. Check it and try again.
shell-error-configuration = The app's settings or model files cannot be used. Check the settings or install the app again.
shell-error-storage = The phone's storage failed. Free some space and try again.
shell-error-not-found = That could not be found.
shell-error-refused = The service said no; trying again will not help.
shell-error-service-unavailable = A service is not answering. Try again in a moment.
shell-error-glasses = The glasses are not connected or the link failed. Connect them again.
shell-error-cancelled = That was cancelled.
shell-error-internal = Something went wrong inside Sightline. Restart the app, and report it if it happens again.
shell-error-unexpected = Something went wrong on this phone; try again.

## iOS permission prompts (the app's Info.plist; `cargo xtask shells` checks the generated
## `ios/SightlineApp/SightlineApp/<language>.lproj/InfoPlist.strings`)

shell-ios-bluetooth-usage = Sightline connects to your glasses over Bluetooth to receive what they see and hear and to show cards on their display.
shell-ios-speech-usage = Sightline turns what you say into a request, on this phone, when you tap the microphone.
shell-ios-microphone-usage = Sightline listens while the microphone is on so you can ask in words.
