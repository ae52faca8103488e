using GeminiRealtime.Models;

namespace GeminiRealtime.Tests.Emulator.Rest;

/// <summary>The REST text model table: its ids, lookups with or without <c>models/</c>, and no Live model in it.</summary>
public class TextModelCatalogTests
{
    [Fact]
    public void All_HoldsTheServedTextModels_EachDescribed()
    {
        Assert.Equal(
            new[] { "gemini-3-pro-preview", "gemini-3-flash-preview", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite" },
            TextModelCatalog.All.Select(m => m.Id));
        Assert.All(TextModelCatalog.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Description)));
    }

    [Theory]
    [InlineData("gemini-2.5-flash", "gemini-2.5-flash")]
    [InlineData("models/gemini-3-pro-preview", "gemini-3-pro-preview")]
    [InlineData(" models/gemini-2.5-flash-lite ", "gemini-2.5-flash-lite")]
    [InlineData("gemini-2.5-flash-001", null)]
    [InlineData("Gemini-2.5-Flash", null)]
    [InlineData("gemini-3.8-live", null)]
    [InlineData("models/gemini-2.5-flash-native-audio-latest", null)]
    public void Find_AcceptsTheModelsPrefix_AndKnowsNoLiveModel(string id, string? found)
    {
        Assert.Equal(found, TextModelCatalog.Find(id)?.Id);
    }

    [Fact]
    public void NoLiveModel_IsATextModel()
    {
        Assert.All(ModelCatalog.All, live => Assert.Null(TextModelCatalog.Find(live.Id)));
    }
}
