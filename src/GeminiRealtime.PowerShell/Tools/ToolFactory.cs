using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using GeminiRealtime.Protocol;
using GeminiRealtime.Tools;

namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>
    /// Builds <see cref="GeminiTool"/>s: reads a scriptblock's param block (types, [Parameter(Mandatory)], HelpMessage,
    /// [ValidateSet], constant defaults, comment-based help) or a command's default parameter set, and hands the
    /// PowerShell-free description to the engine's <see cref="ToolSchemaBuilder"/>.
    /// </summary>
    internal static class ToolFactory
    {
        private static readonly HashSet<string> CommonParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
            "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
        };

        public static GeminiTool FromScriptBlock(string name, ScriptBlock scriptBlock, string? description, List<string> notes)
        {
            var parameters = new List<ToolParameter>();
            var bindings = new List<ToolParameterBinding>();
            CommentHelpInfo? help = null;
            if (scriptBlock.Ast is ScriptBlockAst ast)
            {
                help = ast.GetHelpContent();
                ReadParamBlock(ast.ParamBlock, help, parameters, bindings);
            }
            string text = FirstText(description, help?.Synopsis, help?.Description) ?? $"Runs the PowerShell tool {name}.";
            var tool = new GeminiTool(name, text, ToolSchemaBuilder.Build(parameters, lenient: true), bindings) { ScriptBlock = scriptBlock, Source = "ScriptBlock" };
            if (parameters.Count == 0 && (scriptBlock.Ast as ScriptBlockAst)?.ParamBlock == null) notes.Add($"The scriptblock of '{name}' has no param block: the model will call it without arguments.");
            return tool;
        }

        public static GeminiTool FromCommand(string name, CommandInfo command, string? description, List<string> notes)
        {
            var parameters = new List<ToolParameter>();
            var bindings = new List<ToolParameterBinding>();
            CommentHelpInfo? help = null;
            ScriptBlockAst? ast = (command as FunctionInfo)?.ScriptBlock?.Ast as ScriptBlockAst ?? ((command as FunctionInfo)?.ScriptBlock?.Ast as FunctionDefinitionAst)?.Body;
            if (ast != null) help = ast.GetHelpContent();

            CommandParameterSetInfo? set = null;
            try
            {
                set = command.ParameterSets.FirstOrDefault(s => s.IsDefault) ?? command.ParameterSets.FirstOrDefault();
            }
            catch (RuntimeException ex)
            {
                throw new ArgumentException($"Cannot read the parameters of '{command.Name}': {ex.Message}", ex);
            }
            var defaults = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (ast?.ParamBlock != null)
            {
                foreach (ParameterAst p in ast.ParamBlock.Parameters)
                {
                    if (TryConstant(p.DefaultValue, out object? value)) defaults[p.Name.VariablePath.UserPath] = value;
                }
            }
            if (set != null)
            {
                foreach (CommandParameterInfo p in set.Parameters)
                {
                    if (CommonParameters.Contains(p.Name)) continue;
                    bool isSwitch = p.ParameterType == typeof(SwitchParameter);
                    Type type = isSwitch ? typeof(bool) : p.ParameterType;
                    if (!ToolSchemaBuilder.IsRepresentable(type))
                    {
                        if (p.IsMandatory)
                        {
                            throw new ArgumentException(
                                $"'{command.Name}' needs -{p.Name} of type [{p.ParameterType.Name}], which a JSON tool call cannot carry. Wrap the command in a scriptblock tool with simple parameters.");
                        }
                        notes.Add($"-{p.Name} [{p.ParameterType.Name}] of '{command.Name}' is left out of the tool (a JSON tool call cannot carry it).");
                        continue;
                    }
                    bool hasDefault = defaults.TryGetValue(p.Name, out object? defaultValue);
                    string? helpText = p.HelpMessage;
                    if (string.IsNullOrWhiteSpace(helpText) && help?.Parameters != null && help.Parameters.TryGetValue(p.Name.ToUpperInvariant(), out string? fromHelp)) helpText = fromHelp;
                    var allowed = p.Attributes.OfType<ValidateSetAttribute>().FirstOrDefault()?.ValidValues;
                    parameters.Add(new ToolParameter(p.Name, type)
                    {
                        Mandatory = p.IsMandatory,
                        Description = helpText,
                        AllowedValues = allowed != null ? allowed.ToList() : null,
                        HasDefault = hasDefault,
                        DefaultValue = defaultValue,
                    });
                    bindings.Add(new ToolParameterBinding(p.Name, p.ParameterType, isSwitch, hasDefault, defaultValue));
                }
            }
            string text = FirstText(description, help?.Synopsis, help?.Description) ?? $"Runs the PowerShell command {command.Name}.";
            var tool = new GeminiTool(name, text, ToolSchemaBuilder.Build(parameters, lenient: false), bindings)
            {
                Command = command,
                Source = command.CommandType + " " + command.Name,
            };
            return tool;
        }

        /// <summary>Reads a param block: names in declaration order (how InvokeWithContext binds), types, attributes, defaults, help.</summary>
        private static void ReadParamBlock(ParamBlockAst? block, CommentHelpInfo? help, List<ToolParameter> parameters, List<ToolParameterBinding> bindings)
        {
            if (block == null) return;
            foreach (ParameterAst p in block.Parameters)
            {
                string name = p.Name.VariablePath.UserPath;
                Type declared = p.StaticType ?? typeof(object);
                bool isSwitch = declared == typeof(SwitchParameter);
                Type type = isSwitch ? typeof(bool) : declared;
                bool mandatory = false;
                string? helpMessage = null;
                List<string>? allowed = null;
                foreach (AttributeBaseAst attributeBase in p.Attributes)
                {
                    if (!(attributeBase is AttributeAst attribute)) continue;
                    Type? attributeType = attribute.TypeName.GetReflectionAttributeType();
                    if (attributeType == typeof(ParameterAttribute))
                    {
                        foreach (NamedAttributeArgumentAst argument in attribute.NamedArguments)
                        {
                            if (argument.ArgumentName.Equals("Mandatory", StringComparison.OrdinalIgnoreCase))
                                mandatory = argument.ExpressionOmitted || (TryConstant(argument.Argument, out object? value) && LanguagePrimitives.IsTrue(value));
                            else if (argument.ArgumentName.Equals("HelpMessage", StringComparison.OrdinalIgnoreCase) && TryConstant(argument.Argument, out object? text))
                                helpMessage = text?.ToString();
                        }
                    }
                    else if (attributeType == typeof(ValidateSetAttribute))
                    {
                        allowed = new List<string>();
                        foreach (ExpressionAst value in attribute.PositionalArguments)
                        {
                            if (!TryConstant(value, out object? item) || item == null) continue;
                            if (item is IEnumerable many && !(item is string)) foreach (object? each in many) allowed.Add(Convert.ToString(each, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                            else allowed.Add(Convert.ToString(item, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                        }
                    }
                }
                bool hasDefault = TryConstant(p.DefaultValue, out object? defaultValue);
                string? description = helpMessage;
                if (string.IsNullOrWhiteSpace(description) && help?.Parameters != null && help.Parameters.TryGetValue(name.ToUpperInvariant(), out string? fromHelp))
                    description = fromHelp;
                parameters.Add(new ToolParameter(name, type)
                {
                    Mandatory = mandatory,
                    Description = description?.Trim(),
                    AllowedValues = allowed,
                    HasDefault = hasDefault,
                    DefaultValue = defaultValue,
                });
                bindings.Add(new ToolParameterBinding(name, declared, isSwitch, hasDefault, defaultValue));
            }
        }

        private static bool TryConstant(ExpressionAst? expression, out object? value)
        {
            value = null;
            if (expression == null) return false;
            try
            {
                value = expression.SafeGetValue();
                if (value is PSObject wrapped) value = wrapped.BaseObject;
                return true;
            }
            catch (InvalidOperationException)
            {
                return false; // Not a constant (e.g. (Get-Date)): the handler's own default applies when the model leaves it out.
            }
        }

        private static string? FirstText(params string?[] candidates)
        {
            foreach (string? candidate in candidates)
            {
                if (!string.IsNullOrWhiteSpace(candidate)) return candidate!.Trim();
            }
            return null;
        }
    }
}
