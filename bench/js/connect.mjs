// Cold start of the official SDK: node start + import + connect (setup -> setupComplete) + close.
// Usage: node connect.mjs <baseUrl> <apiKey>
import { GoogleGenAI, Modality } from '@google/genai';

const [baseUrl, apiKey] = process.argv.slice(2);
const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl } });
const session = await ai.live.connect({
  model: 'gemini-3.8-live',
  config: { responseModalities: [Modality.AUDIO] },
  callbacks: { onmessage: () => {} },
});
session.close();
process.exit(0);
