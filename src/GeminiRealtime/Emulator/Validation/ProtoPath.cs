using System.Globalization;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Field paths the way Google's proto JSON parser prints them: snake_case names joined by dots, list items as
    /// <c>[i]</c>, map entries by position as <c>[i].value</c> (e.g. <c>tools[0].function_declarations[5].parameters.properties[8].value</c>).
    /// </summary>
    internal static class ProtoPath
    {
        public static string Field(string parent, string protoName) => parent.Length == 0 ? protoName : parent + "." + protoName;

        public static string Item(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

        public static string MapValue(string path, int entryIndex) => Item(path, entryIndex) + ".value";
    }
}
