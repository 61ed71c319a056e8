import AVFoundation
import Speech

/// Turns speech into text with `SFSpeechRecognizer`, on the device when it supports it, and
/// hands the final transcript to a callback.
@MainActor
final class SpeechListener: ObservableObject {
    @Published private(set) var listening = false
    private let recognizer = SFSpeechRecognizer()
    private let engine = AVAudioEngine()
    private var request: SFSpeechAudioBufferRecognitionRequest?
    private var task: SFSpeechRecognitionTask?

    func start(onFinal: @escaping (String) -> Void) {
        SFSpeechRecognizer.requestAuthorization { status in
            guard status == .authorized else { return }
            Task { @MainActor in self.begin(onFinal: onFinal) }
        }
    }

    private func begin(onFinal: @escaping (String) -> Void) {
        guard let recognizer, recognizer.isAvailable else { return }
        let request = SFSpeechAudioBufferRecognitionRequest()
        request.requiresOnDeviceRecognition = recognizer.supportsOnDeviceRecognition
        let input = engine.inputNode
        input.installTap(onBus: 0, bufferSize: 1024, format: input.outputFormat(forBus: 0)) { buffer, _ in
            request.append(buffer)
        }
        do {
            try AVAudioSession.sharedInstance().setCategory(.record, mode: .measurement)
            try AVAudioSession.sharedInstance().setActive(true)
            engine.prepare()
            try engine.start()
        } catch {
            input.removeTap(onBus: 0)
            return
        }
        self.request = request
        listening = true
        task = recognizer.recognitionTask(with: request) { result, error in
            guard let result, result.isFinal || error != nil else { return }
            let text = result.bestTranscription.formattedString
            Task { @MainActor in
                self.stop()
                if !text.isEmpty { onFinal(text) }
            }
        }
    }

    func stop() {
        engine.stop()
        engine.inputNode.removeTap(onBus: 0)
        request?.endAudio()
        task = nil
        request = nil
        listening = false
    }
}
