namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Function-call ids like the Gemini API's: <c>function-call-</c> and 19 decimal digits. Deterministic: each session
    /// starts the same SplitMix64 sequence from <see cref="DefaultSeed"/>, so the n-th call of any session has the same id.
    /// </summary>
    internal sealed class FunctionCallIdSequence
    {
        public const ulong DefaultSeed = 20261125UL;
        public const string Prefix = "function-call-";

        private const ulong Lowest19Digits = 1_000_000_000_000_000_000UL;
        private const ulong Span19Digits = 9_000_000_000_000_000_000UL;

        private ulong _state;

        public FunctionCallIdSequence(ulong seed = DefaultSeed) => _state = seed;

        public string Next()
        {
            unchecked
            {
                _state += 0x9E3779B97F4A7C15UL;
                ulong z = _state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                return Prefix + (Lowest19Digits + z % Span19Digits).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
