// The work of one simulated duplex minute; keep in step with DuplexWork.cs.
export const TURNS_PER_MINUTE = 10;
export const CHUNKS_PER_MINUTE = 3000; // 20 ms each
export const CHUNK_BYTES = 640; // 20 ms of 16 kHz s16le mono
// 90 characters: the emulator replies "You said: " + text = 100 characters = 6000 ms of 24 kHz audio.
export function turnText(i) {
  const base = `Turn ${String(i).padStart(3, '0')}: the quick brown fox jumps over the lazy dog, again and again and again.`;
  return (base + ' '.repeat(90)).slice(0, 90);
}
export function micChunk() {
  const pcm = Buffer.alloc(CHUNK_BYTES);
  for (let i = 0; i < CHUNK_BYTES / 2; i++) pcm.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / 16000)), i * 2);
  return pcm;
}
