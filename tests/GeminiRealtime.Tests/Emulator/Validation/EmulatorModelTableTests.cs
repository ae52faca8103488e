using GeminiRealtime.Emulator;
using GeminiRealtime.Models;

namespace GeminiRealtime.Tests.Emulator.Validation;

public class EmulatorModelTableTests
{
    [Fact]
    public void Default_serves_every_served_catalog_row_and_no_retired_one()
    {
        EmulatorModelTable table = EmulatorModelTable.Default;

        Assert.Equal(ModelCatalog.ServedIds, table.Served.Select(m => m.Id));
        foreach (LiveModel model in ModelCatalog.All)
        {
            Assert.Equal(model.IsServed ? model : null, table.FindServed(model.Id));
        }
    }

    [Fact]
    public void Extra_ids_get_the_rules_of_gemini_3_8()
    {
        var table = new EmulatorModelTable(new[] { "models/gemini-4.0-live", "gemini-4.0-live", "gemini-3.8-live" });

        LiveModel extra = table.FindServed("gemini-4.0-live")!;
        Assert.Equal(ModelFamily.Live38, extra.Family);
        Assert.Equal(ThinkingSupport.Omit, extra.Thinking);
        Assert.Same(ModelCatalog.Find("gemini-3.8-live"), table.FindServed("gemini-3.8-live"));
        Assert.Equal(ModelCatalog.ServedIds.Count() + 1, table.Served.Count);
    }

    [Fact]
    public void Allow_list_keeps_only_the_named_rows_and_the_extras()
    {
        var table = new EmulatorModelTable(new[] { "gemini-4.0-live" }, new[] { "models/gemini-3.8-live" });

        Assert.Equal(new[] { "gemini-3.8-live", "gemini-4.0-live" }, table.Served.Select(m => m.Id));
        Assert.Null(table.FindServed("gemini-3.1-flash-live-preview"));
    }

    [Theory]
    [InlineData("gemini-live-2.5-flash-preview")]
    [InlineData("")]
    [InlineData("models/")]
    [InlineData("tuned models/x")]
    [InlineData("projects/p/models/x")]
    public void Bad_extra_id_is_refused(string id)
    {
        Assert.Throws<ArgumentException>(() => new EmulatorModelTable(new[] { id }));
    }

    [Theory]
    [InlineData("gemini-9.9-live")]
    [InlineData("gemini-2.0-flash-exp")]
    public void Allow_list_entry_that_is_not_served_is_refused(string id)
    {
        Assert.Throws<ArgumentException>(() => new EmulatorModelTable(allowedModelIds: new[] { id }));
    }

    [Fact]
    public void For_served_ids_splits_catalog_and_unknown_ids()
    {
        EmulatorModelTable table = EmulatorModelTable.ForServedIds(new[] { "gemini-3.1-flash-live-preview", "models/gemini-4.0-live" });

        Assert.Equal(new[] { "gemini-3.1-flash-live-preview", "gemini-4.0-live" }, table.Served.Select(m => m.Id));
        Assert.Same(EmulatorModelTable.Default, EmulatorModelTable.ForServedIds(Array.Empty<string>()));
    }
}
