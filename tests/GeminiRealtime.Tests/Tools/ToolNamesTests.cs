using GeminiRealtime.Tools;

namespace GeminiRealtime.Tests.Tools
{
    public class ToolNamesTests
    {
        [Theory]
        [InlineData("Get-Weather")]
        [InlineData("get_current_weather")]
        [InlineData("ns:tool.v2")]
        [InlineData("9lives")]
        public void AcceptsServiceNames(string name)
        {
            Assert.True(ToolNames.IsValid(name));
            Assert.Null(ToolNames.Problem(name));
        }

        [Theory]
        [InlineData("", "empty")]
        [InlineData("get weather", "' '")]
        [InlineData("Wetter-für-Köln", "'ü'")]
        [InlineData("a/b", "'/'")]
        public void RefusesOtherNamesWithTheReason(string name, string reason)
        {
            Assert.False(ToolNames.IsValid(name));
            Assert.Contains(reason, ToolNames.Problem(name));
        }

        [Fact]
        public void LimitsTheLengthTo64()
        {
            Assert.True(ToolNames.IsValid(new string('a', 64)));
            Assert.Contains("at most 64", ToolNames.Problem(new string('a', 65)));
        }

        [Fact]
        public void SuggestsAValidName()
        {
            Assert.Equal("get_weather_", ToolNames.Suggest("get weather!"));
            Assert.True(ToolNames.IsValid(ToolNames.Suggest(new string('ö', 80))));
        }
    }
}
