"""The Python binding tests: the generated `sightline_ffi` module driving the real library.

Run by `cargo xtask test` (which puts the module and the library on PYTHONPATH); prints the
closing `N passed, N failed` line the test task sums.
"""

import asyncio
import atexit
import os
import queue
import shutil
import sys
import tempfile
import threading
import traceback

import sightline_ffi as s

RESULTS = {"passed": 0, "failed": 0}


def test(fn):
    """Runs `fn` (plain or async) as one test and records the result."""
    try:
        if asyncio.iscoroutinefunction(fn):
            asyncio.run(fn())
        else:
            fn()
        RESULTS["passed"] += 1
        print(f"ok   {fn.__name__}")
    except Exception:  # noqa: BLE001 - every failure is reported, not raised
        RESULTS["failed"] += 1
        print(f"FAIL {fn.__name__}")
        traceback.print_exc(file=sys.stdout)
    return fn


# Every companion's data folder, and the key vault beside it, inside one folder that is
# removed when the suite ends.
DATA_ROOT = tempfile.mkdtemp(prefix="sightline-python-")
atexit.register(shutil.rmtree, DATA_ROOT, True)


def new_companion():
    """A companion over a fresh temporary data folder and the repository's models."""
    data = tempfile.mkdtemp(dir=DATA_ROOT)
    config = s.CompanionConfig(
        data_dir=data,
        models_dir=os.environ.get("SIGHTLINE_MODELS", "models"),
        privacy=s.default_privacy_settings(),
        providers=s.default_provider_settings(),
    )
    return s.Companion(config)


class Recorder(s.CompanionListener):
    """Queues every event for the test to take."""

    def __init__(self):
        self.events = queue.Queue()
        self.passed = []

    def on_event(self, event):
        self.events.put(event)

    def next(self, kind, match=lambda e: True, timeout=10.0):
        """The first event of class `kind` matching `match`; events passed over stay
        available to later calls, so the order two awaited events arrive in does not matter."""
        for i, event in enumerate(self.passed):
            if isinstance(event, kind) and match(event):
                return self.passed.pop(i)
        deadline = threading.Event()
        timer = threading.Timer(timeout, deadline.set)
        timer.start()
        try:
            while not deadline.is_set():
                try:
                    event = self.events.get(timeout=0.05)
                except queue.Empty:
                    continue
                if isinstance(event, kind) and match(event):
                    return event
                self.passed.append(event)
            raise AssertionError(f"no {kind.__name__} within {timeout} s")
        finally:
            timer.cancel()

    def quiet_for(self, seconds):
        try:
            event = self.events.get(timeout=seconds)
        except queue.Empty:
            return True
        raise AssertionError(f"unexpected event {event}")


@test
def preferences_round_trip():
    c = new_companion()
    c.set_preference("shoe_size", "42")
    assert [(p.key, p.value_json) for p in c.preferences()] == [("shoe_size", "42")]
    assert c.remove_preference("shoe_size") is True
    assert c.preferences() == []


@test
def bad_input_is_a_typed_exception_and_changes_nothing():
    c = new_companion()
    c.set_preference("shoe_size", "41")
    try:
        c.set_preference("shoe_size", "{not json")
    except s.SightlineError.InvalidInput as e:
        assert "JSON" in e.reason, e.reason
    else:
        raise AssertionError("no exception")
    try:
        c.forget(s.ForgetScope.PERIOD(since_ms=10, until_ms=5))
    except s.SightlineError.InvalidInput:
        pass
    else:
        raise AssertionError("no exception for a backwards period")
    assert c.preferences()[0].value_json == "41"
    for key, value in [("k", "1"), ("shoe-size", "42"), ("shoe_size", "420"), ("proactive.quiet", "1")]:
        try:
            c.set_preference(key, value)
        except s.SightlineError.InvalidInput as e:
            assert "shoe_size" in e.reason or "true or false" in e.reason, e.reason
        else:
            raise AssertionError(f"{key} = {value} was accepted")
    assert [p.key for p in c.preferences()] == ["shoe_size"]


@test
def events_stop_after_cancel():
    c = new_companion()
    recorder = Recorder()
    sub = c.subscribe(recorder)
    c.set_preference("shoe_size", "41")
    assert recorder.next(s.CompanionEvent.PREFERENCE_CHANGED).key == "shoe_size"
    sub.cancel()
    assert sub.is_cancelled()
    c.set_preference("proactive.quiet", "true")
    recorder.quiet_for(0.3)


@test
def a_raising_listener_does_not_break_others():
    c = new_companion()

    class Raises(s.CompanionListener):
        def on_event(self, event):
            raise RuntimeError("listener bug")

    bad = c.subscribe(Raises())
    good = Recorder()
    keep = c.subscribe(good)
    c.set_preference("shoe_size", "41")
    good.next(s.CompanionEvent.PREFERENCE_CHANGED)
    bad.cancel()
    keep.cancel()


@test
def many_threads_at_once():
    c = new_companion()
    errors = []
    # One real key per thread, each written many times.
    keys = ["shoe_size", "proactive.quiet", "proactive.landmark_guide", "proactive.product_compare",
            "proactive.place_front", "proactive.bike_unlock", "proactive.shop_question", "notifications.apps"]

    def value_of(key, i):
        if key == "shoe_size":
            return str(30 + i % 20)
        if key == "notifications.apps":
            return f'["app.n{i}"]'
        return "true" if i % 2 == 0 else "false"

    def work(n):
        try:
            for i in range(25):
                c.set_preference(keys[n], value_of(keys[n], i))
                c.history(10)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    stored = {p.key: p.value_json for p in c.preferences()}
    assert stored == {k: value_of(k, 24) for k in keys}, stored


HARBIN = "plan my trip to Harbin next week and get me snow boots before I leave"


@test
async def ask_plans_one_card_and_confirm_pays_once():
    c = new_companion()
    recorder = Recorder()
    sub = c.subscribe(recorder)
    card = await c.ask(HARBIN)
    assert card.kind == s.CardKind.PLAN, card.kind
    pays = [a for a in card.actions if a.requires_confirmation]
    assert len(pays) == 1, card.actions
    shown = recorder.next(s.CompanionEvent.CARD_SHOWN)
    assert shown.card.title == card.title and shown.trigger == "asked"
    needed = recorder.next(s.CompanionEvent.CONFIRMATION_NEEDED)
    assert needed.action_id == pays[0].id
    receipt = await c.confirm(needed.action_id)
    assert receipt.kind == s.CardKind.RECEIPT, receipt.kind
    try:
        await c.confirm(needed.action_id)
    except s.SightlineError.InvalidInput:
        pass
    else:
        raise AssertionError("an action was pressed twice")
    assert len(c.history(10)) == 2
    sub.cancel()


@test
async def browser_cards_follow_the_phone_language_and_the_language_asked():
    c = new_companion()
    assert c.set_language("fr-FR") == "en"
    assert c.set_language("zh-Hans-CN") == "zh"
    # The phone is in Chinese; a question in English is still answered in English.
    english = await c.ask("sing me a song")
    assert english.kind == s.CardKind.NOT_UNDERSTOOD, english.kind
    assert english.title == "Sorry, I didn't get that", english.title
    assert english.language == "en", english.language
    assert english.why == "Why: " + english.reason, english.why
    chinese = await c.ask("唱首歌给我听")
    assert chinese.title == "抱歉，没听懂", chinese.title
    assert chinese.language == "zh", chinese.language
    assert chinese.why == "原因：" + chinese.reason, chinese.why
    assert "\u2068" not in chinese.speech and chinese.speech.startswith("抱歉"), chinese.speech


@test
async def pairing_with_simulated_glasses_compares_codes():
    c = new_companion()
    recorder = Recorder()
    sub = c.subscribe(recorder)
    await c.pair_simulated("sim-python", s.GlassesFamily.SIGHTLINE)
    code = recorder.next(s.CompanionEvent.PAIRING_CODE, timeout=30).code
    assert len(code) == 6 and code.isdigit(), code
    await c.confirm_pairing(True)
    recorder.next(s.CompanionEvent.LINK_CHANGED, lambda e: e.state == "ready", timeout=30)
    glasses = recorder.next(s.CompanionEvent.GLASSES_CONNECTED, timeout=30)
    assert (glasses.display_width, glasses.display_height) == (640, 400)
    await c.disconnect()
    sub.cancel()


@test
async def a_simulated_openglass_pairs_with_its_own_driver():
    c = new_companion()
    recorder = Recorder()
    sub = c.subscribe(recorder)
    await c.pair_simulated("sim-openglass-python", s.GlassesFamily.OPEN_GLASS)
    caps = recorder.next(s.CompanionEvent.GLASSES_CAPABILITIES, timeout=30)
    assert caps.family == "openglass" and caps.camera, caps
    assert not caps.secure_link and caps.warning, caps
    recorder.next(s.CompanionEvent.LINK_CHANGED, lambda e: e.state == "ready", timeout=30)
    await c.disconnect()
    sub.cancel()


@test
async def browser_phone_notifications_reach_a_simulated_g1_through_the_ffi():
    c = new_companion()
    recorder = Recorder()
    sub = c.subscribe(recorder)
    wechat = ("com.tencent.mm", "WeChat")
    now_ms = 1_795_658_400_000
    assert await c.notify(*wechat, "李娜", "晚上见", now_ms) == s.NotificationDelivery.NO_GLASSES
    await c.pair_simulated("sim-g1-python", s.GlassesFamily.G1)
    recorder.next(s.CompanionEvent.LINK_CHANGED, lambda e: e.state == "ready", timeout=30)
    shown = await c.notify(*wechat, "李娜", "今晚七点在湖滨银泰见\n第二行", now_ms)
    assert shown == s.NotificationDelivery.SHOWN, shown
    huge = await c.notify(*wechat, "群聊", "很长" * 200_000, now_ms)
    assert huge == s.NotificationDelivery.SHOWN, huge
    taobao = await c.notify("com.taobao.taobao", "淘宝", "双十二", "全场五折", now_ms)
    assert taobao == s.NotificationDelivery.NOT_ALLOWED, taobao
    c.set_preference("notifications.apps", '["com.taobao.taobao"]')
    taobao = await c.notify("com.taobao.taobao", "淘宝", "双十二", "全场五折", now_ms)
    assert taobao == s.NotificationDelivery.SHOWN, taobao
    try:
        await c.notify(*wechat, " ", "\n", now_ms)
    except s.SightlineError.InvalidInput:
        pass
    else:
        raise AssertionError("an empty notification was accepted")
    assert len(c.history(10)) == 0, "notifications are not kept in history"
    await c.disconnect()
    sub.cancel()


@test
async def browser_an_amount_for_no_merchant_code_is_refused():
    c = new_companion()
    try:
        await c.pay_code_amount(3500)
    except s.SightlineError.InvalidInput as e:
        assert "payment code" in e.reason, e.reason
    else:
        raise AssertionError("an amount without a code in view was accepted")


@test
async def see_reads_a_real_photo():
    # A merchant's payment QR photographed on a phone (../shared/photos, next to the repo).
    with open(os.path.join("..", "shared", "photos", "weixin_pay.jpg"), "rb") as f:
        picture = f.read()
    c = new_companion()
    recorder = Recorder()
    sub = c.subscribe(recorder)
    await c.see(picture)
    seen = recorder.next(s.CompanionEvent.FRAME_SEEN, timeout=60)
    assert "推荐使用微信支付" in seen.texts, seen.texts
    assert any(q.startswith("wxp://") for q in seen.qr_payloads), seen.qr_payloads
    sub.cancel()


@test
async def bad_pictures_and_positions_are_typed_errors():
    c = new_companion()
    for picture in (b"", b"\xff\xd8\xff\xe0 truncated", b"not a picture at all"):
        try:
            await c.see(picture)
        except s.SightlineError.InvalidInput:
            pass
        else:
            raise AssertionError(f"no exception for {picture!r}")
    try:
        c.update_location(123.0, 500.0, None, None)
    except s.SightlineError.InvalidInput:
        pass
    else:
        raise AssertionError("no exception for a position off the Earth")
    try:
        await c.look()
    except s.SightlineError.Glasses:
        pass
    else:
        raise AssertionError("look without glasses")


@test
def voice_a_spoken_command_is_heard_through_the_ffi():
    import subprocess
    import wave
    path = os.path.join(tempfile.mkdtemp(prefix="sightline-voice-"), "command.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", path,
                    "Take a photo of this menu."], check=True)
    with wave.open(path) as w:
        rate = w.getframerate()
        frames = w.readframes(w.getnframes())
    pcm = [int.from_bytes(frames[i:i + 2], "little", signed=True)
           for i in range(0, len(frames) - 1, 2)]
    recognizer = s.VoiceRecognizer(os.environ.get("SIGHTLINE_MODELS", "models"), [])
    heard = recognizer.hear(pcm, rate)
    words = "".join(c for c in heard.text.lower() if c.isalpha() or c == " ").split()
    # Whisper base may hear "of" as "on" in espeak-ng's voice: the content words must be there.
    assert words[:3] == ["take", "a", "photo"] and words[-1] == "menu", heard
    assert heard.language == "en" and len(heard.segments) == 1, heard
    try:
        recognizer.hear([], 16000)
    except s.SightlineError.InvalidInput:
        pass
    else:
        raise AssertionError("no exception for empty audio")


def espeak_pcm(text):
    """`text` spoken by espeak-ng: 16-bit mono samples and the sample rate."""
    import subprocess
    import wave
    path = os.path.join(tempfile.mkdtemp(prefix="sightline-voice-"), "said.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", path, text], check=True)
    with wave.open(path) as w:
        rate = w.getframerate()
        frames = w.readframes(w.getnframes())
    return [int.from_bytes(frames[i:i + 2], "little", signed=True)
            for i in range(0, len(frames) - 1, 2)], rate


@test
async def voice_the_phone_microphone_is_heard_by_the_companion():
    c = new_companion()
    recorder = Recorder()
    sub = c.subscribe(recorder)
    pcm, rate = espeak_pcm("Where is the nearest subway station?")
    heard = await c.hear(pcm, rate)
    assert len(heard) == 1 and "subway" in heard[0].lower(), heard
    transcript = recorder.next(s.CompanionEvent.TRANSCRIPT, lambda e: e.is_final, timeout=60)
    assert transcript.text == heard[0] and transcript.language == "en", transcript
    recorder.next(s.CompanionEvent.CARD_SHOWN, lambda e: e.trigger == "asked")
    # "no" to a plan waiting for its confirmation: nothing can pay it any more.
    card = await c.ask("plan my trip to Harbin next week and get me snow boots before I leave")
    pay = next(a for a in card.actions if a.requires_confirmation)
    pcm, rate = espeak_pcm("No, thanks.")
    await c.hear(pcm, rate)
    answered = recorder.next(s.CompanionEvent.VOICE_ANSWERED, timeout=60)
    assert answered.answer == "no" and answered.outcome == "cancelled", answered
    try:
        await c.confirm(pay.id)
    except s.SightlineError.InvalidInput:
        pass
    else:
        raise AssertionError("a cancelled card was paid")
    sub.cancel()


def is_chinese(text):
    """The core's test of a text's language (`Language::of_text`): any CJK ideograph."""
    return any("\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def assert_in_one_language(language, text, what):
    """Fails unless `text` is in `language` only, by the catalogue's rule
    (`locale_each_catalogue_is_written_in_its_own_language`): Chinese has no Latin letters but
    the app's name, English no CJK ideographs and no full-width punctuation."""
    assert text.strip() and not text.startswith("shell-"), f"{what}: {text!r}"
    if language == "zh":
        rest = text.replace("Sightline", "")
        assert is_chinese(text) and not any(ch.isascii() and ch.isalpha() for ch in rest), f"{what}: {text}"
    else:
        assert not is_chinese(text) and not any(ch in "，。：“”" for ch in text), f"{what}: {text}"


def every_error(reason):
    """Every typed error the FFI raises, each with `reason`."""
    e = s.SightlineError
    kinds = [e.InvalidInput, e.Configuration, e.Storage, e.NotFound, e.Refused,
             e.ServiceUnavailable, e.Glasses, e.Cancelled, e.Internal]
    return [kind(reason=reason) for kind in kinds]


@test
def shell_every_shell_message_comes_in_the_phones_language():
    for tag, language in [("zh-Hans-CN", "zh"), ("zh_TW", "zh"), ("en-US", "en"), ("ja-JP", "en")]:
        for message in s.ShellMessage:
            assert_in_one_language(language, s.shell_text(tag, message), f"{tag} {message}")
        for state in ["scanning", "connecting", "pairing", "ready", "reconnecting", "stopped"]:
            assert_in_one_language(language, s.shell_link_text(tag, state), f"{tag} link {state}")
    assert s.shell_text("zh-CN", s.ShellMessage.BLUETOOTH_OFF) == "蓝牙已关闭。请打开蓝牙后再搜索。"
    assert s.shell_link_text("zh", "ready") == "眼镜：已连接"


@test
def shell_a_failed_call_is_said_by_its_kind_never_by_its_reason():
    lure = "api key sk-4711; call +86 400 000 0000 to unlock 请拨打客服"
    for tag, language in [("zh-CN", "zh"), ("en-GB", "en")]:
        said = []
        for error in every_error(lure):
            text = s.shell_error_text(tag, error)
            assert_in_one_language(language, text, f"{tag} {type(error).__name__}")
            assert "sk-4711" not in text and "400" not in text and "请拨打" not in text, text
            said.append(text)
        assert len(set(said)) == len(said), said


@test
def shell_newuser_a_chinese_phone_reads_a_real_core_failure_in_chinese():
    c = new_companion()
    try:
        c.set_preference("no.such.key", "1")
    except s.SightlineError.InvalidInput as e:
        text = s.shell_error_text("zh-Hans", e)
        assert_in_one_language("zh", text, "invalid input")
        assert e.reason not in text, text
    else:
        raise AssertionError("an unknown key was accepted")


print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
sys.exit(0 if RESULTS["failed"] == 0 else 1)
