using System;
using System.Collections.Generic;

namespace GeminiRealtime.Emulator
{
    /// <summary>The proto shape of one wire type's JSON value, derived from the source-generated metadata.</summary>
    internal sealed class ProtoValueShape
    {
        public ProtoValueShape(ProtoValueKind kind, string typeLabel, ProtoMessageShape? message = null, ProtoValueShape? element = null)
        {
            Kind = kind;
            TypeLabel = typeLabel;
            Message = message;
            Element = element;
        }

        public ProtoValueKind Kind { get; }

        /// <summary>
        /// What Google's proto JSON parser names the type in <c>Invalid value at '…' (label), value</c>: <c>TYPE_STRING</c>
        /// for scalars, a message or enum name (without the type URL prefix) otherwise. For repeated and map
        /// fields, the element's label.
        /// </summary>
        public string TypeLabel { get; }

        /// <summary>Set for <see cref="ProtoValueKind.Message"/>.</summary>
        public ProtoMessageShape? Message { get; }

        /// <summary>Set for <see cref="ProtoValueKind.Repeated"/> and <see cref="ProtoValueKind.Map"/>: the items' shape.</summary>
        public ProtoValueShape? Element { get; }
    }

    /// <summary>One field of a proto message: its camelCase JSON name, its proto (snake_case) name and its value shape.</summary>
    internal sealed class ProtoFieldShape
    {
        public ProtoFieldShape(string jsonName, string protoName, ProtoValueShape value)
        {
            JsonName = jsonName;
            ProtoName = protoName;
            Value = value;
        }

        /// <summary>lowerCamelCase, as <see cref="Protocol.ProtocolJson"/> reads and writes it.</summary>
        public string JsonName { get; }

        /// <summary>snake_case, the proto field name; Google uses it in error paths.</summary>
        public string ProtoName { get; }

        public ProtoValueShape Value { get; }
    }

    /// <summary>A proto message: its fields, found by either spelling of their name.</summary>
    internal sealed class ProtoMessageShape
    {
        private readonly Dictionary<string, ProtoFieldShape> _fieldsByAnyName = new Dictionary<string, ProtoFieldShape>(StringComparer.Ordinal);

        public ProtoMessageShape(Type clrType, string protoName)
        {
            ClrType = clrType;
            ProtoName = protoName;
        }

        public Type ClrType { get; }

        /// <summary>The proto message name relative to the API package, e.g. <c>GenerationConfig</c>.</summary>
        public string ProtoName { get; }

        public bool TryGetField(string name, out ProtoFieldShape field) => _fieldsByAnyName.TryGetValue(name, out field!);

        internal void AddField(ProtoFieldShape field)
        {
            _fieldsByAnyName.Add(field.JsonName, field);
            if (!string.Equals(field.ProtoName, field.JsonName, StringComparison.Ordinal)) _fieldsByAnyName.Add(field.ProtoName, field);
        }
    }
}
