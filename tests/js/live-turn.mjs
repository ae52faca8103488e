// One Live turn through Google's official JavaScript SDK, pointed at a base URL (the emulator's Endpoint).
// Usage: node live-turn.mjs <baseUrl> <apiKey> <model> <text> [clientContent|realtimeText]
// Prints one JSON line: { setupComplete, transcript, audioBytes, turnComplete, usage, error }.
import { GoogleGenAI, Modality } from '@google/genai';

const [baseUrl, apiKey, model, text, path = 'realtimeText'] = process.argv.slice(2);
const result = { setupComplete: false, transcript: '', audioBytes: 0, turnComplete: false, usage: null, error: null };
const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl } });

let finish;
const done = new Promise((resolve) => { finish = resolve; });
const timer = setTimeout(() => { result.error = 'timeout'; finish(); }, 15000);

try {
  const session = await ai.live.connect({
    model,
    config: { responseModalities: [Modality.AUDIO], outputAudioTranscription: {} },
    callbacks: {
      onopen: () => {},
      onmessage: (message) => {
        if (message.setupComplete) result.setupComplete = true;
        const content = message.serverContent;
        if (content?.outputTranscription?.text) result.transcript += content.outputTranscription.text;
        for (const part of content?.modelTurn?.parts ?? []) {
          if (part.inlineData?.data) result.audioBytes += Buffer.from(part.inlineData.data, 'base64').length;
        }
        if (message.usageMetadata) result.usage = message.usageMetadata;
        if (content?.turnComplete) { result.turnComplete = true; finish(); }
      },
      onerror: (e) => { result.error = String(e?.message ?? e); finish(); },
      onclose: (e) => { if (!result.turnComplete) { result.error = `closed ${e.code} ${e.reason}`; finish(); } },
    },
  });
  result.setupComplete = true; // connect() resolves only after setupComplete
  if (path === 'clientContent') {
    session.sendClientContent({ turns: [{ role: 'user', parts: [{ text }] }], turnComplete: true });
  } else {
    session.sendRealtimeInput({ text });
  }
  await done;
  session.close();
} catch (e) {
  result.error = String(e?.message ?? e);
}
clearTimeout(timer);
console.log(JSON.stringify(result));
