using System;
using System.Collections.Generic;
using System.Linq;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The OpenAPI subset of function <c>parameters</c>/<c>response</c> (protocol.md §4.1.2), checked recursively.
    /// Unknown schema keys never get here: <see cref="StrictClientMessageReader"/> refuses them. Field-level texts
    /// are Google's REST ones (e.g. <c>…parameters.required[0]: property is not defined</c>).
    /// </summary>
    internal static class SchemaValidator
    {
        public static void Validate(Schema schema, string path, string apiVersion)
        {
            // Upper-case type names only (strict: protocol.md §4.1.2 lists them upper case; whether the service
            // also takes "object" is UNCERTAIN).
            if (!string.IsNullOrEmpty(schema.Type) && Array.IndexOf(SchemaType.Values, schema.Type) < 0)
            {
                throw ProtoJsonRejections.InvalidEnumValue(ProtoPath.Field(path, "type"), ProtoEnumNames.SchemaType, apiVersion, schema.Type!);
            }

            if (schema.Enum != null && schema.Enum.Count > 0 && schema.Type != SchemaType.String)
            {
                throw ValidationRejections.AtPath(ProtoPath.Field(path, "enum"), "only allowed for STRING type");
            }

            if (schema.Type == SchemaType.Array && schema.Items == null)
            {
                throw ValidationRejections.AtPath(ProtoPath.Field(path, "items"), "missing field.");
            }

            if (schema.Required != null)
            {
                for (int i = 0; i < schema.Required.Count; i++)
                {
                    if (schema.Properties == null || !schema.Properties.ContainsKey(schema.Required[i]))
                    {
                        throw ValidationRejections.AtPath(ProtoPath.Item(ProtoPath.Field(path, "required"), i), "property is not defined");
                    }
                }
            }

            if (schema.Properties != null)
            {
                int entryIndex = 0;
                foreach (KeyValuePair<string, Schema> property in schema.Properties)
                {
                    Validate(property.Value, ProtoPath.MapValue(ProtoPath.Field(path, "properties"), entryIndex++), apiVersion);
                }
            }

            if (schema.Items != null) Validate(schema.Items, ProtoPath.Field(path, "items"), apiVersion);

            if (schema.AnyOf != null)
            {
                for (int i = 0; i < schema.AnyOf.Count; i++)
                {
                    Validate(schema.AnyOf[i], ProtoPath.Item(ProtoPath.Field(path, "any_of"), i), apiVersion);
                }
            }
        }
    }
}
