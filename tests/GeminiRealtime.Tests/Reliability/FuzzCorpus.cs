using System.Text;

namespace GeminiRealtime.Tests.Reliability;

/// <summary>
/// Deterministic malformed frames (a seed always gives the same cases). Valid frames are the recorded samples in
/// protocol-samples/ when present, else built-in copies; mutations cover invalid JSON, wrong types, unknown keys,
/// invalid base64 and odd lengths, invalid UTF-8, deep nesting, huge values, duplicate keys and odd roots.
/// </summary>
internal static class FuzzCorpus
{
    /// <summary>Multiplier for case counts: 1 in CI; bench/Invoke-Fuzz.ps1 sets GEMINIREALTIME_FUZZ_SCALE for the long run.</summary>
    public static int Scale
    {
        get
        {
            string? text = Environment.GetEnvironmentVariable("GEMINIREALTIME_FUZZ_SCALE");
            return int.TryParse(text, out int scale) && scale > 0 ? scale : 1;
        }
    }

    public static readonly string[] BuiltInServerFrames =
    [
        "{\n  \"setupComplete\": {}\n}\n",
        "{\n  \"serverContent\": {\n    \"generationComplete\": true\n  }\n}\n",
        "{\n  \"serverContent\": {\n    \"turnComplete\": true\n  },\n  \"usageMetadata\": {\n    \"promptTokenCount\": 9,\n    \"responseTokenCount\": 25,\n    \"totalTokenCount\": 34,\n    \"promptTokensDetails\": [\n      {\n        \"modality\": \"TEXT\",\n        \"tokenCount\": 9\n      }\n    ]\n  }\n}\n",
        "{\n  \"serverContent\": {\n    \"modelTurn\": {\n      \"parts\": [\n        {\n          \"text\": \"Hel\"\n        }\n      ]\n    }\n  }\n}\n",
        "{\n  \"serverContent\": {\n    \"outputTranscription\": {\n      \"text\": \" Grüße 世界\"\n    }\n  }\n}\n",
        "{\n  \"toolCall\": {\n    \"functionCalls\": [\n      {\n        \"name\": \"get_current_weather\",\n        \"args\": {\n          \"location\": \"Paris\"\n        },\n        \"id\": \"function-call-5830115497587432773\"\n      }\n    ]\n  }\n}\n",
        "{\n  \"toolCallCancellation\": {\n    \"ids\": [\n      \"function-call-1\"\n    ]\n  }\n}\n",
        "{\n  \"goAway\": {\n    \"timeLeft\": \"50s\"\n  }\n}\n",
        "{\n  \"sessionResumptionUpdate\": {\n    \"newHandle\": \"Q2hpbmE\",\n    \"resumable\": true\n  }\n}\n",
        "{\n  \"serverContent\": {\n    \"modelTurn\": {\n      \"parts\": [\n        {\n          \"inlineData\": {\n            \"mimeType\": \"audio/pcm;rate=24000\",\n            \"data\": \"AQAAAP//AAD/////AAD/////AAD//wAAAAD//wAAAAD//wAA\"\n          }\n        }\n      ]\n    }\n  }\n}\n",
    ];

    public static readonly string[] BuiltInClientFrames =
    [
        "{\"setup\":{\"model\":\"models/gemini-3.8-live\",\"generationConfig\":{\"responseModalities\":[\"AUDIO\"]},\"outputAudioTranscription\":{},\"sessionResumption\":{}}}",
        "{\"setup\":{\"model\":\"models/gemini-3.8-live\",\"generationConfig\":{\"responseModalities\":[\"AUDIO\"]},\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"description\":\"d\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"city\":{\"type\":\"STRING\"}},\"required\":[\"city\"]}}]}]}}",
        "{\"realtimeInput\":{\"audio\":{\"mimeType\":\"audio/pcm;rate=16000\",\"data\":\"AAECAwQFBgcICQ==\"}}}",
        "{\"realtimeInput\":{\"text\":\"Hello there\"}}",
        "{\"realtime_input\":{\"activity_start\":{}}}",
        "{\"clientContent\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],\"turnComplete\":true}}",
        "{\"toolResponse\":{\"functionResponses\":[{\"id\":\"function-call-1\",\"name\":\"get_weather\",\"response\":{\"output\":{\"tempC\":11}}}]}}",
        "{\"realtimeInput\":{\"video\":{\"mimeType\":\"image/jpeg\",\"data\":\"/9j/4AAQ\"}}}",
    ];

    public static List<byte[]> ServerSeeds() => Seeds(BuiltInServerFrames, "-server-");

    public static List<byte[]> ClientSeeds() => Seeds(BuiltInClientFrames, "-client-");

    private static List<byte[]> Seeds(string[] builtIn, string marker)
    {
        var seeds = builtIn.Select(Encoding.UTF8.GetBytes).ToList();
        string folder = Path.Combine(AppContext.BaseDirectory, "protocol-samples");
        if (Directory.Exists(folder))
        {
            foreach (string file in Directory.GetFiles(folder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                if (Path.GetFileName(file).Contains(marker, StringComparison.Ordinal)) seeds.Add(File.ReadAllBytes(file));
            }
        }
        return seeds;
    }

    private static readonly string[] Junk =
    [
        "null", "true", "false", "0", "-1", "1e309", "-9223372036854775809", "3.5", "\"\"", "\"x\"", "[]", "{}", "[1,2]", "{\"a\":1}",
        "\"\\ud800\"", "\"\\u0000\"", "\"%%%\"", "\"====\"", "\"A\"", "\"AB\"", "\"ABC\"", "\"AB=C\"", "\"-_-_\"", "\"AAAA AAAA\"",
        "18446744073709551616", "NaN", "Infinity", "undefined", "\"\\x41\"",
    ];

    /// <summary>One malformed (or odd but maybe valid) frame; <paramref name="kind"/> tells which mutation it was.</summary>
    public static byte[] Mutate(Random random, IReadOnlyList<byte[]> seeds, out string kind)
    {
        byte[] seed = seeds[random.Next(seeds.Count)];
        string text = Encoding.UTF8.GetString(seed);
        switch (random.Next(16))
        {
            case 0:
                kind = "truncated";
                return seed.AsSpan(0, random.Next(seed.Length)).ToArray();
            case 1:
            {
                kind = "bit flips";
                byte[] copy = (byte[])seed.Clone();
                int flips = 1 + random.Next(4);
                for (int i = 0; i < flips && copy.Length > 0; i++) copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            }
            case 2:
            {
                kind = "random bytes";
                byte[] bytes = new byte[random.Next(1, 256)];
                random.NextBytes(bytes);
                return bytes;
            }
            case 3:
                kind = "value replaced by a wrong type";
                return Encoding.UTF8.GetBytes(ReplaceValue(random, text, Junk[random.Next(Junk.Length)]));
            case 4:
                kind = "unknown key";
                return Encoding.UTF8.GetBytes(InsertKey(random, text, $"\"x{random.Next(1000)}Unknown\": {Junk[random.Next(Junk.Length)]}"));
            case 5:
                kind = "invalid base64";
                return Encoding.UTF8.GetBytes(ReplaceBase64(random, text));
            case 6:
            {
                kind = "invalid UTF-8 inside a string";
                byte[][] bad = [[0xC3], [0xE4, 0xB8], [0xF0, 0x9F, 0x98], [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80]];
                int quote = text.IndexOf('"', random.Next(Math.Max(1, text.Length)));
                if (quote < 0) quote = text.IndexOf('"');
                int at = quote < 0 ? 0 : Encoding.UTF8.GetByteCount(text.AsSpan(0, quote + 1));
                byte[] insert = bad[random.Next(bad.Length)];
                return [.. seed.AsSpan(0, at), .. insert, .. seed.AsSpan(at)];
            }
            case 7:
            {
                kind = "deep nesting";
                int depth = random.Next(2) == 0 ? 129 + random.Next(64) : 5000 + random.Next(20000);
                string open = random.Next(2) == 0 ? new string('[', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth));
                string close = open[0] == '[' ? new string(']', depth) : new string('}', depth);
                return Encoding.UTF8.GetBytes(InsertKey(random, text, $"\"deep\": {open}1{close}"));
            }
            case 8:
            {
                kind = "huge value";
                string big = random.Next(2) == 0 ? new string('A', 1_000_000 + random.Next(100)) : string.Concat(Enumerable.Repeat("é", 300_000));
                return Encoding.UTF8.GetBytes(InsertKey(random, text, $"\"huge\": \"{big}\""));
            }
            case 9:
                kind = "duplicate key";
                return Encoding.UTF8.GetBytes(DuplicateFirstKey(text));
            case 10:
            {
                kind = "odd root";
                string[] roots = ["", " ", "\n", "null", "[]", "[{}]", "\"setupComplete\"", "1", "{", "}", "{}{}", "{}\n{}", "{\"setupComplete\":{}} x", "\uFEFF{\"setupComplete\":{}}", "{\"setupComplete\":{},}", "{'setupComplete':{}}", "{setupComplete:{}}", "/* c */{}", "{\"\":{}}"];
                return Encoding.UTF8.GetBytes(roots[random.Next(roots.Length)]);
            }
            case 11:
                kind = "number out of range";
                return Encoding.UTF8.GetBytes(ReplaceNumber(random, text));
            case 12:
                kind = "control characters";
                return Encoding.UTF8.GetBytes(InsertInString(random, text, ((char)random.Next(0, 32)).ToString()));
            case 13:
                kind = "escaped strings";
                return Encoding.UTF8.GetBytes(text.Replace("/", "\\/").Replace("A", "\\u0041"));
            case 14:
                kind = "many parts";
                return Encoding.UTF8.GetBytes("{\"serverContent\":{\"modelTurn\":{\"parts\":[" + string.Join(",", Enumerable.Repeat("{\"inlineData\":{\"data\":\"AAAA\"},\"text\":1}", random.Next(1, 2000))) + "]}}}");
            default:
                kind = "unchanged";
                return seed;
        }
    }

    private static string ReplaceValue(Random random, string text, string value)
    {
        List<int> colons = AllIndexes(text, ':');
        if (colons.Count == 0) return value;
        int colon = colons[random.Next(colons.Count)];
        int end = EndOfValue(text, colon + 1);
        return text[..(colon + 1)] + " " + value + text[end..];
    }

    private static string InsertKey(Random random, string text, string member)
    {
        List<int> braces = AllIndexes(text, '{');
        if (braces.Count == 0) return "{" + member + "}";
        int brace = braces[random.Next(braces.Count)];
        bool empty = text.AsSpan(brace + 1).TrimStart().StartsWith("}");
        return text[..(brace + 1)] + member + (empty ? string.Empty : ",") + text[(brace + 1)..];
    }

    private static string ReplaceBase64(Random random, string text)
    {
        int key = text.IndexOf("\"data\"", StringComparison.Ordinal);
        string[] bad = ["\"A\"", "\"AB\"", "\"ABC\"", "\"A===\"", "\"@@@@\"", "\"AAAA====\"", "\"AA AA\"", "\"AA\\nAA\"", "\"-_-_\"", "\"AQID\"", "\"AQ\"", "\"\"", "\"\\u0041\\u0041==\"", "123", "null", "[]", "{}"];
        string value = bad[random.Next(bad.Length)];
        if (key < 0)
            return "{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"audio/pcm;rate=24000\",\"data\":" + value + "}}]}}}";
        int colon = text.IndexOf(':', key);
        int end = EndOfValue(text, colon + 1);
        return text[..(colon + 1)] + " " + value + text[end..];
    }

    private static string ReplaceNumber(Random random, string text)
    {
        string[] numbers = ["1e400", "-1", "2147483648", "99999999999999999999999", "1.5", "-0", "0x10", "01", "1e", "+1", ".5"];
        string number = numbers[random.Next(numbers.Length)];
        foreach (string field in new[] { "\"tokenCount\"", "\"promptTokenCount\"", "\"totalTokenCount\"", "\"responseTokenCount\"" })
        {
            int at = text.IndexOf(field, StringComparison.Ordinal);
            if (at >= 0)
            {
                int colon = text.IndexOf(':', at);
                return text[..(colon + 1)] + " " + number + text[EndOfValue(text, colon + 1)..];
            }
        }
        return "{\"usageMetadata\":{\"promptTokenCount\":" + number + "}}";
    }

    private static string InsertInString(Random random, string text, string insert)
    {
        List<int> quotes = AllIndexes(text, '"');
        if (quotes.Count == 0) return text + insert;
        int quote = quotes[random.Next(quotes.Count)];
        return text[..(quote + 1)] + insert + text[(quote + 1)..];
    }

    private static string DuplicateFirstKey(string text)
    {
        int brace = text.IndexOf('{');
        if (brace < 0) return text;
        int end = EndOfValue(text, text.IndexOf(':', brace) + 1);
        if (end <= brace + 1) return text;
        string member = text[(brace + 1)..end].Trim().TrimEnd(',');
        return text[..(brace + 1)] + member + "," + text[(brace + 1)..];
    }

    private static List<int> AllIndexes(string text, char c)
    {
        var result = new List<int>();
        for (int i = 0; i < text.Length; i++) if (text[i] == c) result.Add(i);
        return result;
    }

    /// <summary>The index just after the JSON value that starts at or after <paramref name="start"/> (best effort).</summary>
    private static int EndOfValue(string text, int start)
    {
        int i = start;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        if (i >= text.Length) return text.Length;
        if (text[i] == '"')
        {
            for (i++; i < text.Length; i++)
            {
                if (text[i] == '\\') { i++; continue; }
                if (text[i] == '"') return i + 1;
            }
            return text.Length;
        }
        if (text[i] == '{' || text[i] == '[')
        {
            int depth = 0;
            bool inString = false;
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (inString)
                {
                    if (c == '\\') i++;
                    else if (c == '"') inString = false;
                    continue;
                }
                if (c == '"') inString = true;
                else if (c == '{' || c == '[') depth++;
                else if (c == '}' || c == ']')
                {
                    depth--;
                    if (depth == 0) return i + 1;
                }
            }
            return text.Length;
        }
        while (i < text.Length && text[i] != ',' && text[i] != '}' && text[i] != ']' && text[i] != '\n') i++;
        return i;
    }
}
