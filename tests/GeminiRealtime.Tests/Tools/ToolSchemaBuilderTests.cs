using System;
using System.Collections;
using System.Collections.Generic;
using GeminiRealtime.Protocol;
using GeminiRealtime.Tools;

namespace GeminiRealtime.Tests.Tools
{
    public class ToolSchemaBuilderTests
    {
        [Theory]
        [InlineData(typeof(string), "STRING", null)]
        [InlineData(typeof(char), "STRING", null)]
        [InlineData(typeof(int), "INTEGER", "int32")]
        [InlineData(typeof(long), "INTEGER", "int64")]
        [InlineData(typeof(byte), "INTEGER", "int32")]
        [InlineData(typeof(double), "NUMBER", "double")]
        [InlineData(typeof(float), "NUMBER", "float")]
        [InlineData(typeof(decimal), "NUMBER", null)]
        [InlineData(typeof(bool), "BOOLEAN", null)]
        [InlineData(typeof(DateTime), "STRING", "date-time")]
        [InlineData(typeof(Guid), "STRING", null)]
        [InlineData(typeof(int?), "INTEGER", "int32")]
        public void MapsScalars(Type type, string expectedType, string? expectedFormat)
        {
            Schema schema = ToolSchemaBuilder.ForType(type, lenient: false, defaultValue: null, depth: 0)!;
            Assert.Equal(expectedType, schema.Type);
            Assert.Equal(expectedFormat, schema.Format);
        }

        [Fact]
        public void MapsEnumsToStringEnums()
        {
            Schema schema = ToolSchemaBuilder.ForType(typeof(DayOfWeek), false, null, 0)!;
            Assert.Equal(SchemaType.String, schema.Type);
            Assert.Equal(Enum.GetNames(typeof(DayOfWeek)), schema.Enum);
        }

        [Theory]
        [InlineData(typeof(string[]), "STRING")]
        [InlineData(typeof(List<int>), "INTEGER")]
        [InlineData(typeof(IEnumerable<bool>), "BOOLEAN")]
        [InlineData(typeof(DayOfWeek[]), "STRING")]
        public void MapsCollectionsToArrays(Type type, string itemType)
        {
            Schema schema = ToolSchemaBuilder.ForType(type, false, null, 0)!;
            Assert.Equal(SchemaType.Array, schema.Type);
            Assert.Equal(itemType, schema.Items!.Type);
        }

        [Fact]
        public void NestedDictionaryDefaultsBecomeNestedObjects()
        {
            var defaults = new Hashtable { ["Mode"] = "fast", ["Limits"] = new Hashtable { ["Max"] = 5, ["Ratio"] = 0.5 }, ["Tags"] = new object[] { "a" } };
            Schema schema = ToolSchemaBuilder.ForParameter(new ToolParameter("Options", typeof(Hashtable)) { HasDefault = true, DefaultValue = defaults });
            Assert.Equal(SchemaType.Object, schema.Type);
            Assert.Equal(SchemaType.String, schema.Properties!["Mode"].Type);
            Assert.Equal(SchemaType.Integer, schema.Properties["Limits"].Properties!["Max"].Type);
            Assert.Equal(SchemaType.Number, schema.Properties["Limits"].Properties!["Ratio"].Type);
            Assert.Equal(SchemaType.Array, schema.Properties["Tags"].Type);
            Assert.Null(schema.Default);
        }

        [Fact]
        public void DictionaryWithoutKnownKeysIsRefusedWithAHint()
        {
            var ex = Assert.Throws<ArgumentException>(() => ToolSchemaBuilder.ForParameter(new ToolParameter("Bag", typeof(Hashtable))));
            Assert.Contains("Bag", ex.Message);
            Assert.Contains("-Parameters", ex.Message);
        }

        [Fact]
        public void BuildsRequiredDescriptionsDefaultsAndAllowedValues()
        {
            Schema schema = ToolSchemaBuilder.Build(new[]
            {
                new ToolParameter("City", typeof(string)) { Mandatory = true, Description = " The city " },
                new ToolParameter("Unit", typeof(string)) { AllowedValues = new[] { "C", "F" }, HasDefault = true, DefaultValue = "C" },
                new ToolParameter("Days", typeof(int)) { HasDefault = true, DefaultValue = 3 },
                new ToolParameter("Levels", typeof(int[])) { AllowedValues = new[] { "1", "2" } },
            })!;
            Assert.Equal(SchemaType.Object, schema.Type);
            Assert.Equal(new[] { "City" }, schema.Required);
            Assert.Equal("The city", schema.Properties!["City"].Description);
            Assert.Equal(new[] { "C", "F" }, schema.Properties["Unit"].Enum);
            Assert.Equal("C", schema.Properties["Unit"].Default!.Value.GetString());
            Assert.Equal(3, schema.Properties["Days"].Default!.Value.GetInt32());
            // enum is only allowed on STRING: a ValidateSet on an int[] makes its items strings.
            Assert.Equal(SchemaType.String, schema.Properties["Levels"].Items!.Type);
            Assert.Equal(new[] { "1", "2" }, schema.Properties["Levels"].Items!.Enum);
        }

        [Fact]
        public void DefaultOutsideTheEnumIsLeftOut()
        {
            Schema schema = ToolSchemaBuilder.ForParameter(new ToolParameter("Unit", typeof(string)) { AllowedValues = new[] { "C" }, HasDefault = true, DefaultValue = "K" });
            Assert.Null(schema.Default);
        }

        [Fact]
        public void NoParametersMeansNoSchema() => Assert.Null(ToolSchemaBuilder.Build(new ToolParameter[0]));

        [Fact]
        public void UntypedIsStringOnlyWhenLenient()
        {
            Assert.Equal(SchemaType.String, ToolSchemaBuilder.ForType(typeof(object), lenient: true, null, 0)!.Type);
            Assert.Null(ToolSchemaBuilder.ForType(typeof(object), lenient: false, null, 0));
            Assert.False(ToolSchemaBuilder.IsRepresentable(typeof(System.IO.Stream)));
            Assert.True(ToolSchemaBuilder.IsRepresentable(typeof(string[])));
        }

        [Fact]
        public void DuplicateNamesAreRefused() =>
            Assert.Throws<ArgumentException>(() => ToolSchemaBuilder.Build(new[] { new ToolParameter("A", typeof(int)), new ToolParameter("A", typeof(int)) }));

        [Fact]
        public void SerializedSchemaUsesOnlyWireKeys()
        {
            Schema schema = ToolSchemaBuilder.Build(new[] { new ToolParameter("City", typeof(string)) { Mandatory = true, Description = "x" } })!;
            Assert.Equal("{\"type\":\"OBJECT\",\"properties\":{\"City\":{\"type\":\"STRING\",\"description\":\"x\"}},\"required\":[\"City\"]}", ToolSchemaJson.Serialize(schema));
        }
    }
}
