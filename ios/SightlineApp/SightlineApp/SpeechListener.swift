import AVFoundation
import Speech

/// Turns speech into text with `SFSpeechRecognizer`, on the device when it supports it, and
/// hands the final transcript to a callback. It asks for speech recognition and microphone
/// permission first, sets up the audio session before touching the microphone, stops on any
/// error (so the microphone never stays on), and gives the audio session back when done.
@MainActor
final class SpeechListener: ObservableObject {
    @Published private(set) var listening = false
    private let recognizer = SFSpeechRecognizer()
    private let engine = AVAudioEngine()
    private var request: SFSpeechAudioBufferRecognitionRequest?
    private var task: SFSpeechRecognitionTask?

    func start(onFinal: @escaping @MainActor @Sendable (String) -> Void) {
        SFSpeechRecognizer.requestAuthorization { status in
            guard status == .authorized else { return }
            Self.requestMicrophone { granted in
                guard granted else { return }
                Task { @MainActor in self.begin(onFinal: onFinal) }
            }
        }
    }

    /// Without this permission, starting the engine raises an Objective-C exception.
    private nonisolated static func requestMicrophone(_ answer: @escaping @Sendable (Bool) -> Void) {
        if #available(iOS 17.0, *) {
            AVAudioApplication.requestRecordPermission(completionHandler: answer)
        } else {
            AVAudioSession.sharedInstance().requestRecordPermission(answer)
        }
    }

    private func begin(onFinal: @escaping @MainActor @Sendable (String) -> Void) {
        guard !listening, let recognizer, recognizer.isAvailable else { return }
        let session = AVAudioSession.sharedInstance()
        do {
            // The session first: the input node's format depends on it.
            try session.setCategory(.record, mode: .measurement, options: .duckOthers)
            try session.setActive(true, options: .notifyOthersOnDeactivation)
        } catch {
            return
        }
        let request = SFSpeechAudioBufferRecognitionRequest()
        request.requiresOnDeviceRecognition = recognizer.supportsOnDeviceRecognition
        let input = engine.inputNode
        input.installTap(onBus: 0, bufferSize: 1024, format: input.outputFormat(forBus: 0)) { buffer, _ in
            request.append(buffer)
        }
        engine.prepare()
        do {
            try engine.start()
        } catch {
            input.removeTap(onBus: 0)
            try? session.setActive(false, options: .notifyOthersOnDeactivation)
            return
        }
        self.request = request
        listening = true
        task = recognizer.recognitionTask(with: request) { result, error in
            let finished = error != nil || (result?.isFinal ?? false)
            guard finished else { return }
            let text = result?.bestTranscription.formattedString ?? ""
            Task { @MainActor in
                self.stop()
                if !text.isEmpty { onFinal(text) }
            }
        }
    }

    /// Stops listening and releases the microphone and the audio session.
    func stop() {
        guard listening else { return }
        engine.stop()
        engine.inputNode.removeTap(onBus: 0)
        request?.endAudio()
        task?.cancel()
        task = nil
        request = nil
        listening = false
        try? AVAudioSession.sharedInstance().setActive(false, options: .notifyOthersOnDeactivation)
    }
}
