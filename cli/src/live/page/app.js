// The live glasses view: draws the events of /events (server-sent), sends the wearer's
// controls to /command and the microphone's recordings to /hear. Every request carries the
// URL's token.
"use strict";
const TOKEN = new URLSearchParams(location.search).get("token") || "";
const withToken = (path) => path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(TOKEN);
const $ = (id) => document.getElementById(id);
// Milliseconds from an output leaving the core's stream to its element being on the page.
window.liveLatencies = [];
let hudPages = [];
let hudPage = 0;
let lastFrame = null;

function stateName(s) {
  if (typeof s === "string") return s;
  return s.state + (s.attempt ? " (attempt " + s.attempt + ", in " + s.delay_ms + " ms)" : "");
}

function nowMs() { return performance.timeOrigin + performance.now(); }

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function entry(cls, text, ev) {
  const li = el("li", cls);
  li.appendChild(el("span", "when", new Date(ev.at_us / 1000).toLocaleTimeString()));
  li.appendChild(document.createTextNode(text));
  li.dataset.seq = ev.seq;
  $("timeline").appendChild(li);
  li.scrollIntoView({ block: "nearest" });
  return li;
}

function showHud(page) {
  if (!hudPages.length) return;
  hudPage = Math.max(0, Math.min(page, hudPages.length - 1));
  const p = hudPages[hudPage];
  if (p.url) $("hud-img").src = withToken(p.url);
  $("hud-img").alt = p.rows.join("\n");
  $("hud-page").textContent = (hudPage + 1) + "/" + hudPages.length;
}

function caption(text) {
  const p = el("p", "", text);
  $("captions").appendChild(p);
  while ($("captions").children.length > 4) $("captions").firstChild.remove();
  if ($("speak").checked && "speechSynthesis" in window) {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = /[\u4e00-\u9fff]/.test(text) ? "zh-CN" : "en-US";
    speechSynthesis.speak(u);
  }
}

function money(total) { return total == null ? "" : " (¥" + (total / 100).toFixed(2) + ")"; }

function onOutput(ev) {
  const o = ev.output;
  switch (o.type) {
    case "card": {
      const kind = o.card.kind;
      const li = entry("card" + (kind === "receipt" ? " receipt" : ""), kind + " — " + o.card.title, ev);
      li.dataset.cardKind = kind;
      li.dataset.trigger = typeof o.trigger === "string" ? o.trigger : Object.keys(o.trigger)[0];
      li.classList.add("card-entry");
      if (ev.hud && ev.hud[0] && ev.hud[0].url) {
        const img = el("img", "hud");
        img.src = withToken(ev.hud[0].url);
        img.alt = ev.hud[0].rows.join("\n");
        li.appendChild(img);
      }
      hudPages = ev.hud || [];
      $("display-name").textContent = ev.display ? ev.display.name : "";
      showHud(0);
      if (ev.spoken) caption(ev.spoken);
      break;
    }
    case "confirmation_needed":
      entry("confirm", "needs your double tap: " + o.summary + money(o.total), ev);
      break;
    case "confirm_on_phone":
      entry("confirm", "confirm on the phone (" + o.reason.reason + "): " + o.summary, ev);
      break;
    case "suppressed":
      entry("held", "held back " + o.rule + " about " + o.subject + ": " + JSON.stringify(o.why), ev);
      break;
    case "seen": {
      const seen = $("seen");
      seen.textContent = "";
      const add = (cls, label, text) => { const li = el("li"); li.appendChild(el("span", "tag " + cls, label)); li.appendChild(document.createTextNode(text)); seen.appendChild(li); };
      o.view.texts.forEach((t) => add("text", "text", t));
      o.view.barcodes.forEach((b) => add("code", "EAN-13", b));
      o.view.qr_payloads.forEach((q) => add("code", "QR", q));
      if (o.scene) add("scene", "scene", o.scene[0] + " " + Math.round(o.scene[1] * 100) + "%");
      const how = o.unchanged ? " (unchanged frame)" : o.closer_look ? " (closer look)" : "";
      add("", "timing", "perception " + o.perception_ms.toFixed(0) + " ms, glance-to-card " + o.glance_to_card_ms.toFixed(0) + " ms" + how);
      break;
    }
    case "link":
      $("link-state").textContent = stateName(o.status);
      break;
    case "pairing_code":
      entry("note", "pairing code " + o.code, ev);
      break;
    case "glasses":
      entry("note", o.name + ": display " + o.display.join("×") + ", camera " + o.camera.join("×"), ev);
      $("link-battery").textContent = o.battery_percent + "%";
      break;
    case "capabilities":
      $("link-family").textContent = o.family + (o.secure_link ? " (encrypted)" : " (UNENCRYPTED)");
      if (o.warning) entry("problem", o.warning, ev);
      break;
    case "heard":
      if (o.is_final) {
        const li = entry("note heard", "heard: " + o.text + " (" + o.language + ", final in " + o.latency_ms + " ms)", ev);
        li.dataset.heard = o.text;
        $("hearing").textContent = "";
      } else {
        $("hearing").textContent = "hearing: " + o.text;
      }
      break;
    case "problem":
      entry("problem", o.message, ev);
      break;
    case "lagged":
      entry("problem", "missed " + o.missed + " outputs", ev);
      break;
  }
}

function onFrame(ev) {
  const marks = $("frame-marks");
  marks.textContent = "";
  if (ev.roi && lastFrame) {
    // A closer look: the crop of this region of the frame before, sent sharper. The region
    // is drawn on that frame, the crop shown inside it.
    const box = el("div", "roi");
    box.appendChild(el("span", "", "closer look"));
    Object.assign(box.style, { left: ev.roi.x / 100 + "%", top: ev.roi.y / 100 + "%", width: ev.roi.w / 100 + "%", height: ev.roi.h / 100 + "%" });
    const crop = el("img", "crop");
    crop.src = withToken(ev.url);
    box.appendChild(crop);
    marks.appendChild(box);
    return;
  }
  $("frame").src = withToken(ev.url);
  $("frame").dataset.url = ev.url;
  lastFrame = ev;
}

function onFrameMarked(ev) {
  // The same frame with what was read drawn on it: shown once ready, if still current.
  if ($("frame").dataset.url === ev.frame) $("frame").src = withToken(ev.url);
  const crop = document.querySelector("#frame-marks img.crop");
  if (crop && crop.src.includes(ev.frame + "?")) crop.src = withToken(ev.url);
}

function onLink(ev) {
  const set = (id, v) => { if (v !== undefined && v !== null) $(id).textContent = v; };
  if (ev.state !== undefined) set("link-state", stateName(ev.state));
  if (ev.family) set("link-family", ev.family + (ev.secure_link ? " (encrypted)" : " (UNENCRYPTED)"));
  set("link-mtu", ev.mtu);
  if (ev.loss != null) set("link-loss", (ev.loss * 100).toFixed(1) + "%");
  if (ev.goodput_bytes_per_s != null) set("link-goodput", (ev.goodput_bytes_per_s / 1024).toFixed(1) + " KB/s");
  set("link-resends", ev.resends);
  if (ev.frames != null) set("link-frames", ev.frames + " (" + ev.frames_lost + " lost)");
  if (ev.battery != null) set("link-battery", ev.battery + "%" + (ev.charging ? " charging" : ""));
}

function onWalk(ev) {
  const state = $("walk-state");
  state.dataset.state = ev.state;
  // How many times the walk has waited for a double tap (a tap answers each once).
  if (ev.state === "waiting_tap") state.dataset.waits = Number(state.dataset.waits || 0) + 1;
  const labels = { running: "walking", paused: "paused", waiting_tap: "waiting for your double tap", done: "walk finished" };
  state.textContent = (labels[ev.state] || ev.state) + (ev.steps ? " · step " + ev.step + "/" + ev.steps : "");
  if (ev.note) entry("note", ev.note, ev);
}

function onReset(ev) {
  ["timeline", "seen", "captions", "frame-marks"].forEach((id) => { $(id).textContent = ""; });
  $("frame").removeAttribute("src");
  $("hud-img").removeAttribute("src");
  hudPages = [];
  $("hud-page").textContent = "–";
  $("ledger").textContent = "no orders yet";
  window.liveLatencies = [];
  $("walk-state").dataset.waits = 0;
  if (ev.family) { $("family").value = ev.family; $("link-family").textContent = ev.family; }
  if (ev.scenario != null) $("scenario").value = String(ev.scenario);
}

const seenSeq = new Set();
function handle(ev, replay) {
  if (ev.seq !== undefined && seenSeq.has(ev.seq)) return;
  if (ev.kind === "reset") seenSeq.clear();
  seenSeq.add(ev.seq);
  switch (ev.kind) {
    case "output": onOutput(ev); break;
    case "frame": onFrame(ev); break;
    case "frame_marked": onFrameMarked(ev); break;
    case "link": onLink(ev); break;
    case "walk": onWalk(ev); break;
    case "reset": onReset(ev); break;
    case "ledger": $("ledger").textContent = ev.orders + " orders, GMV " + ev.gmv + ", commission " + ev.commission; break;
    case "said": entry("note", "you said: " + ev.text, ev); break;
    case "problem": entry("problem", ev.message, ev); break;
    case "lagged": entry("problem", "this page missed " + ev.missed + " events: reload it", ev); break;
  }
  if (!replay && ev.kind === "output") window.liveLatencies.push(nowMs() - ev.at_us / 1000);
}

// The page's microphone stands in for the phone's: recorded while the button is on, sent
// whole to /hear as 16-bit samples at the audio device's rate (the core resamples). At most
// 30 seconds are kept, as the server takes.
const MAX_HEAR_SECONDS = 30;
let mic = null;

async function startMic() {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const recorder = context.createScriptProcessor(4096, 1, 1);
  const limit = MAX_HEAR_SECONDS * context.sampleRate;
  mic = { stream, context, source, recorder, chunks: [], samples: 0 };
  recorder.onaudioprocess = (e) => {
    const input = e.inputBuffer.getChannelData(0);
    const room = Math.min(input.length, limit - mic.samples);
    if (room > 0) { mic.chunks.push(input.slice(0, room)); mic.samples += room; }
  };
  source.connect(recorder);
  recorder.connect(context.destination);
}

async function stopMic() {
  const { stream, context, source, recorder, chunks, samples } = mic;
  mic = null;
  source.disconnect();
  recorder.disconnect();
  stream.getTracks().forEach((t) => t.stop());
  await context.close();
  const pcm = new Int16Array(samples);
  let at = 0;
  for (const chunk of chunks) for (const v of chunk) pcm[at++] = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
  const res = await fetch(withToken("/hear?rate=" + context.sampleRate), { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: pcm.buffer });
  if (!res.ok) entry("problem", "refused: " + (await res.text()), { at_us: Date.now() * 1000, seq: -1 });
}

async function toggleMic() {
  const button = $("mic");
  try {
    if (mic) { button.textContent = "Speak"; button.classList.remove("on"); await stopMic(); }
    else { await startMic(); button.textContent = "Stop and send"; button.classList.add("on"); }
  } catch (e) {
    mic = null; button.textContent = "Speak"; button.classList.remove("on");
    entry("problem", "the microphone: " + e.message, { at_us: Date.now() * 1000, seq: -1 });
  }
}

async function send(command) {
  const res = await fetch(withToken("/command"), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(command) });
  if (!res.ok) entry("problem", "refused: " + (await res.text()), { at_us: Date.now() * 1000, seq: -1 });
}

function setUp() {
  CHOICES.families.forEach((f) => { const o = el("option", "", f); o.value = f; $("family").appendChild(o); });
  CHOICES.scenarios.forEach((s, i) => { const o = el("option", "", s); o.value = String(i); $("scenario").appendChild(o); });
  if (!CHOICES.families.length) { $("choices").hidden = true; $("pause").hidden = true; $("step").hidden = true; }
  $("family").value = CHOICES.current[0];
  $("scenario").value = String(CHOICES.current[1]);
  $("double-tap").onclick = () => send({ do: "double_tap" });
  $("say-form").onsubmit = (e) => { e.preventDefault(); const t = $("say-text").value.trim(); if (t) send({ do: "say", text: t }); $("say-text").value = ""; };
  $("mic").onclick = toggleMic;
  if (!navigator.mediaDevices) $("mic").hidden = true;
  $("pause").onclick = () => { const held = $("pause").textContent === "Resume"; send({ do: held ? "resume" : "pause" }); $("pause").textContent = held ? "Pause" : "Resume"; };
  $("step").onclick = () => send({ do: "step" });
  $("restart").onclick = () => send({ do: "restart", family: $("family").value, scenario: Number($("scenario").value) });
  $("page-prev").onclick = () => showHud(hudPage - 1);
  $("page-next").onclick = () => showHud(hudPage + 1);
  const events = new EventSource(withToken("/events"));
  events.addEventListener("replay", (m) => handle(JSON.parse(m.data), true));
  events.onmessage = (m) => handle(JSON.parse(m.data), false);
}
setUp();
