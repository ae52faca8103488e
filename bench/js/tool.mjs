// Tool round trip through the official SDK: toolCall received -> a trivial JS function -> sendToolResponse.
// Usage: node tool.mjs <baseUrl> <apiKey> <turns>. Prints one JSON line with the client-side times in ms.
import { GoogleGenAI, Modality } from '@google/genai';

const [baseUrl, apiKey, turnsArg = '200'] = process.argv.slice(2);
const turns = Number(turnsArg);
const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl } });
const handler = () => ({ ok: true }); // the trivial tool
const times = [];
let turnDone = null;
let error = null;
let session = null;
session = await ai.live.connect({
  model: 'gemini-3.8-live',
  config: {
    responseModalities: [Modality.AUDIO],
    tools: [{ functionDeclarations: [{ name: 'get_status', description: 'Returns ok.' }] }],
  },
  callbacks: {
    onmessage: (message) => {
      if (message.toolCall) {
        const t0 = performance.now();
        const functionResponses = message.toolCall.functionCalls.map((call) => ({ id: call.id, name: call.name, response: { output: handler(call.args) } }));
        session.sendToolResponse({ functionResponses });
        times.push(performance.now() - t0);
      }
      if (message.serverContent?.turnComplete && turnDone) { const done = turnDone; turnDone = null; done(); }
    },
    onerror: (e) => { error = String(e?.message ?? e); },
    onclose: (e) => { error ??= `closed ${e.code} ${e.reason}`; if (turnDone) turnDone(); },
  },
});
for (let i = 0; i < turns; i++) {
  const done = new Promise((resolve) => { turnDone = resolve; });
  session.sendRealtimeInput({ text: `please call get_status now (${i})` });
  await done;
}
session.close();
console.log(JSON.stringify({ client: 'js', turns, clientMs: times, error }));
process.exit(0);
