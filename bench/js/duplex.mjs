// The official @google/genai SDK doing the simulated full-duplex work of bench/GeminiRealtime.Benchmarks (DuplexClient.cs)
// against the emulator, as fast as possible, and reporting its own CPU time for the measured part.
// Usage: node duplex.mjs <baseUrl> <apiKey> <minutes>
// Per simulated minute: 3000 mic chunks of 640 bytes (20 ms of 16 kHz s16le PCM, base64-encoded here, as an app must)
// sent with sendRealtimeInput({audio}), and 10 text turns whose replies are 6 s of 24 kHz audio each (60 s), every
// audio part decoded from base64 to PCM bytes. Prints one JSON line.
import { GoogleGenAI, Modality } from '@google/genai';
import { TURNS_PER_MINUTE, CHUNKS_PER_MINUTE, CHUNK_BYTES, turnText, micChunk } from './duplex-work.mjs';

const [baseUrl, apiKey, minutesArg = '1'] = process.argv.slice(2);
const minutes = Number(minutesArg);
const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl } });

let pcmBytes = 0;
let turnDone = null;
let closed = null;
const session = await ai.live.connect({
  model: 'gemini-3.8-live',
  config: { responseModalities: [Modality.AUDIO], outputAudioTranscription: {} },
  callbacks: {
    onmessage: (message) => {
      const content = message.serverContent;
      for (const part of content?.modelTurn?.parts ?? []) {
        if (part.inlineData?.data) pcmBytes += Buffer.from(part.inlineData.data, 'base64').length;
      }
      if (content?.turnComplete && turnDone) { const done = turnDone; turnDone = null; done(); }
    },
    onerror: (e) => { closed = String(e?.message ?? e); },
    onclose: (e) => { closed ??= `closed ${e.code} ${e.reason}`; if (turnDone) turnDone(); },
  },
});

const chunk = micChunk();
async function turn(i) {
  const done = new Promise((resolve) => { turnDone = resolve; });
  session.sendRealtimeInput({ text: turnText(i) });
  await done;
}
async function sendAudio(count) {
  for (let i = 0; i < count; i++) {
    session.sendRealtimeInput({ audio: { data: Buffer.from(chunk).toString('base64'), mimeType: 'audio/pcm;rate=16000' } });
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve)); // let replies in, as a live app would
  }
}
async function minute(turns, chunks) {
  const audio = sendAudio(chunks);
  for (let i = 0; i < turns; i++) await turn(i);
  await audio;
}

// Warm-up (not measured): one turn and 50 chunks, so JIT/lazy init is out of the way as on the .NET side.
await minute(1, 50);
pcmBytes = 0;
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
for (let m = 0; m < minutes; m++) await minute(TURNS_PER_MINUTE, CHUNKS_PER_MINUTE);
const wallMs = performance.now() - wall0;
const cpu = process.cpuUsage(cpu0);
session.close();
console.log(JSON.stringify({
  client: 'js', minutes, cpuMs: (cpu.user + cpu.system) / 1000, userMs: cpu.user / 1000, systemMs: cpu.system / 1000,
  wallMs, pcmBytes, chunksSent: CHUNKS_PER_MINUTE * minutes, chunkBytes: CHUNK_BYTES, error: closed,
}));
process.exit(0);
