using System.Text.Json;
using GeminiRealtime.Emulator;

namespace GeminiRealtime.Tests.Emulator;

/// <summary>Shared helpers: an emulator per test (TimeScale 0 unless said otherwise), a bounded budget, JSON probes.</summary>
internal static class EmulatorFixture
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    public const string Setup38Audio =
        "{\"model\":\"models/gemini-3.8-live\",\"generationConfig\":{\"responseModalities\":[\"AUDIO\"]},\"outputAudioTranscription\":{}}";

    public static GeminiEmulator Start(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { TimeScale = 0, ApiKey = EmulatorTestClient.TestKey };
        configure?.Invoke(options);
        return GeminiEmulator.Start(options);
    }

    public static CancellationTokenSource Timeout() => new(Budget);

    public static bool Has(this JsonElement element, params string[] path) => element.TryGet(out _, path);

    public static bool TryGet(this JsonElement element, out JsonElement value, params string[] path)
    {
        value = element;
        foreach (string name in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value)) return false;
        }
        return true;
    }

    public static JsonElement Get(this JsonElement element, params string[] path)
    {
        Assert.True(element.TryGet(out JsonElement value, path), $"Missing {string.Join(".", path)} in {element}");
        return value;
    }

    /// <summary>The transcription delta of a message, or null.</summary>
    public static string? Transcript(this JsonElement message) =>
        message.TryGet(out JsonElement text, "serverContent", "outputTranscription", "text") ? text.GetString() : null;

    /// <summary>The decoded audio of a message's first part, or null.</summary>
    public static byte[]? Audio(this JsonElement message)
    {
        if (!message.TryGet(out JsonElement parts, "serverContent", "modelTurn", "parts")) return null;
        JsonElement part = parts[0];
        return part.TryGet(out JsonElement data, "inlineData", "data") ? Convert.FromBase64String(data.GetString()!) : null;
    }

    /// <summary>Compact JSON of an element (keys in received order).</summary>
    public static string Compact(this JsonElement element) => JsonSerializer.Serialize(element);

    public static string? TextPart(this JsonElement message)
    {
        if (!message.TryGet(out JsonElement parts, "serverContent", "modelTurn", "parts")) return null;
        return parts[0].TryGetProperty("text", out JsonElement text) ? text.GetString() : null;
    }
}
