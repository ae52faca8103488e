namespace GeminiRealtime.Emulator
{
    /// <summary>How proto JSON encodes a field's value, as far as the strict reader cares.</summary>
    internal enum ProtoValueKind
    {
        /// <summary>A proto message: a JSON object whose keys are field names (camelCase or snake_case).</summary>
        Message,
        /// <summary>A repeated field: a JSON array.</summary>
        Repeated,
        /// <summary>A proto map: a JSON object whose keys are user data.</summary>
        Map,
        String,
        Bool,
        Int32,
        Int64,
        Float,
        Double,
        /// <summary>proto <c>bytes</c>: a base64 string.</summary>
        Bytes,
        /// <summary>User data that must be a JSON object (<c>google.protobuf.Struct</c>): kept as it is.</summary>
        Struct,
        /// <summary>User data of any JSON kind (<c>google.protobuf.Value</c>): kept as it is.</summary>
        Value,
    }
}
