using System;
using System.Collections.Generic;
using GeminiRealtime.Protocol;
using GeminiRealtime.Tools;

namespace GeminiRealtime.Tests.Tools
{
    public class ToolSchemaJsonTests
    {
        [Fact]
        public void ReadsAJsonSchemaIntoTheServiceSubset()
        {
            Schema schema = ToolSchemaJson.Parse(
                "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":[\"string\",\"null\"],\"max_length\":40},\"n\":{\"type\":\"integer\",\"minimum\":1},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"a\",\"b\"]}}},\"required\":[\"q\"]}",
                out IReadOnlyList<string> dropped);
            Assert.Empty(dropped);
            Assert.Equal(SchemaType.Object, schema.Type);
            Assert.Equal(SchemaType.String, schema.Properties!["q"].Type);
            Assert.True(schema.Properties["q"].Nullable);
            Assert.Equal(40, schema.Properties["q"].MaxLength);
            Assert.Equal(1.0, schema.Properties["n"].Minimum);
            Assert.Equal(new[] { "a", "b" }, schema.Properties["tags"].Items!.Enum);
            Assert.Equal(new[] { "q" }, schema.Required);
        }

        [Fact]
        public void DropsAnnotationsAndReportsThem()
        {
            Schema schema = ToolSchemaJson.Parse("{\"$schema\":\"x\",\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"a\":{\"type\":\"string\"}}}", out IReadOnlyList<string> dropped);
            Assert.Equal(new[] { "parameters.$schema", "parameters.additionalProperties" }, dropped);
            Assert.DoesNotContain("additionalProperties", ToolSchemaJson.Serialize(schema));
        }

        [Theory]
        [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"readOnly\":true}}}", "readOnly")]
        [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"x-extra\":1}}}", "x-extra")]
        [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\",\"enum\":[\"1\"]}}}", "only allowed for STRING")]
        [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\"}}}", "items")]
        [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"b\"]}", "'b'")]
        [InlineData("{\"type\":\"string\"}", "object schema")]
        [InlineData("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"strng\"}}}", "unknown type")]
        [InlineData("not json", "not valid JSON")]
        public void RefusesWhatTheServiceWouldCloseWith1007(string json, string reason)
        {
            var ex = Assert.Throws<ArgumentException>(() => ToolSchemaJson.Parse(json, out _));
            Assert.Contains(reason, ex.Message);
        }

        [Fact]
        public void SerializesADeclarationAsSentInSetup()
        {
            var declaration = new FunctionDeclaration { Name = "Get-Weather", Description = "d", Behavior = FunctionBehavior.NonBlocking };
            Assert.Equal("{\"name\":\"Get-Weather\",\"description\":\"d\",\"behavior\":\"NON_BLOCKING\"}", ToolSchemaJson.Serialize(declaration));
        }
    }
}

namespace GeminiRealtime.Tests.Tools
{
    public class EmulatorGroundingTests
    {
        [Fact]
        public void SearchTextGivesDeterministicQueriesAndSources()
        {
            Assert.True(GeminiRealtime.Emulator.EmulatorGrounding.Triggers("Please SEARCH for cats"));
            Assert.False(GeminiRealtime.Emulator.EmulatorGrounding.Triggers("research cats"));
            GroundingMetadata metadata = GeminiRealtime.Emulator.EmulatorGrounding.Build("search for gemini live?");
            Assert.Equal(new[] { "gemini live" }, metadata.WebSearchQueries);
            Assert.Equal("https://example.com/search/1?q=gemini%20live", metadata.GroundingChunks![0].Web!.Uri);
            Assert.Equal("Result 2: gemini live", metadata.GroundingChunks[1].Web!.Title);
        }
    }
}
