using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>Rules for a <c>tools</c> list (protocol.md §4.1.2, §10.2), in <c>setup</c> and in <c>contextUpdate</c>.</summary>
    internal static class ToolDeclarationsValidator
    {
        /// <summary>protocol.md §4.1.2.</summary>
        public const int MaxFunctionDeclarations = 512;

        /// <summary>protocol.md §4.1.2: <c>[A-Za-z0-9_:.-]{1,64}</c>.</summary>
        private static readonly Regex FunctionNamePattern = new Regex("^[A-Za-z0-9_:.-]{1,64}$", RegexOptions.CultureInvariant);

        /// <summary>Google's REST text for a bad function name (its "start with a letter" clause left out: §4.1.2 allows a digit first).</summary>
        public const string InvalidFunctionNameMessage =
            "Invalid function name. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.";

        public static void Validate(IReadOnlyList<Tool>? tools, string path, LiveModel model, string apiVersion)
        {
            if (tools == null) return;
            var functionNames = new HashSet<string>(StringComparer.Ordinal);
            int declarationCount = 0;
            for (int t = 0; t < tools.Count; t++)
            {
                Tool tool = tools[t];
                string toolPath = ProtoPath.Item(path, t);
                bool hasFunctions = tool.FunctionDeclarations != null && tool.FunctionDeclarations.Count > 0;
                int kinds = (hasFunctions ? 1 : 0) + (tool.GoogleSearch != null ? 1 : 0) + (tool.CodeExecution != null ? 1 : 0);
                if (kinds != 1)
                {
                    // One kind per Tool entry, as every SDK sends it (emulator choice; wording too).
                    throw ValidationRejections.AtPath(toolPath, "exactly one of function_declarations, google_search, code_execution must be set");
                }

                // protocol.md §4.1.2 / §10.2: Search on 2.5, 3.1, 3.8; code execution on half-cascade only.
                if (tool.GoogleSearch != null && !model.SupportsGoogleSearch)
                {
                    throw ValidationRejections.NotSupportedByModel(ProtoPath.Field(toolPath, "google_search"), model);
                }
                if (tool.CodeExecution != null && !model.SupportsCodeExecution)
                {
                    throw ValidationRejections.NotSupportedByModel(ProtoPath.Field(toolPath, "code_execution"), model);
                }
                if (!hasFunctions) continue;

                List<FunctionDeclaration> declarations = tool.FunctionDeclarations!;
                declarationCount += declarations.Count;
                if (declarationCount > MaxFunctionDeclarations)
                {
                    throw ValidationRejections.AtPath(path, $"at most {MaxFunctionDeclarations} function declarations are allowed");
                }
                for (int d = 0; d < declarations.Count; d++)
                {
                    ValidateDeclaration(declarations[d], ProtoPath.Item(ProtoPath.Field(toolPath, "function_declarations"), d), model, apiVersion, functionNames);
                }
            }
        }

        private static void ValidateDeclaration(FunctionDeclaration declaration, string path, LiveModel model, string apiVersion, HashSet<string> functionNames)
        {
            string name = declaration.Name ?? string.Empty;
            if (!FunctionNamePattern.IsMatch(name))
            {
                throw ValidationRejections.AtPath(ProtoPath.Field(path, "name"), InvalidFunctionNameMessage);
            }
            if (!functionNames.Add(name))
            {
                // Calls are matched by name, so two functions of one name are ambiguous (emulator wording).
                throw ValidationRejections.AtPath(ProtoPath.Field(path, "name"), $"duplicate function name \"{name}\"");
            }

            if (declaration.Parameters != null && IsSet(declaration.ParametersJsonSchema))
            {
                throw ValidationRejections.AtPath(path, "parameters and parameters_json_schema cannot both be set");
            }
            if (declaration.Response != null && IsSet(declaration.ResponseJsonSchema))
            {
                throw ValidationRejections.AtPath(path, "response and response_json_schema cannot both be set");
            }

            if (!string.IsNullOrEmpty(declaration.Behavior))
            {
                if (Array.IndexOf(FunctionBehavior.Values, declaration.Behavior) < 0)
                {
                    throw ProtoJsonRejections.InvalidEnumValue(ProtoPath.Field(path, "behavior"), ProtoEnumNames.Behavior, apiVersion, declaration.Behavior!);
                }
                // protocol.md §10.2: NON_BLOCKING on 2.5 native audio and 3.8; 3.1 is sync only.
                if (declaration.Behavior == FunctionBehavior.NonBlocking && !model.SupportsNonBlockingTools)
                {
                    throw EmulatorRejection.InvalidArgument(
                        ProtoPath.Field(path, "behavior") + " NON_BLOCKING is not supported by models/" + model.Id + ".");
                }
            }

            if (declaration.Parameters != null) SchemaValidator.Validate(declaration.Parameters, ProtoPath.Field(path, "parameters"), apiVersion);
            if (declaration.Response != null) SchemaValidator.Validate(declaration.Response, ProtoPath.Field(path, "response"), apiVersion);
        }

        private static bool IsSet(JsonElement? value) =>
            value.HasValue && value.Value.ValueKind != JsonValueKind.Null && value.Value.ValueKind != JsonValueKind.Undefined;

        /// <summary>The names of the declared functions whose <c>behavior</c> is NON_BLOCKING.</summary>
        public static HashSet<string> NonBlockingFunctionNames(IEnumerable<Tool>? tools)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (tools == null) return names;
            foreach (Tool tool in tools)
            {
                if (tool.FunctionDeclarations == null) continue;
                foreach (FunctionDeclaration declaration in tool.FunctionDeclarations)
                {
                    if (declaration.Behavior == FunctionBehavior.NonBlocking && declaration.Name != null) names.Add(declaration.Name);
                }
            }
            return names;
        }
    }
}
