using System;
using System.Collections;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>What a handler sees as <c>$ToolCall</c>: the call's id, name, arguments and session.</summary>
    public sealed class GeminiToolCall
    {
        internal GeminiToolCall(string? id, string name, Hashtable arguments, string argumentsJson, IGeminiSession session, GeminiTool? tool, DateTimeOffset receivedAt)
        {
            Id = id;
            Name = name;
            Arguments = arguments;
            ArgumentsJson = argumentsJson;
            Session = session;
            Tool = tool;
            ReceivedAt = receivedAt;
        }

        public string? Id { get; }
        public string Name { get; }
        /// <summary>The arguments the model sent, as a hashtable (nested objects are hashtables, arrays are object[]).</summary>
        public Hashtable Arguments { get; }
        public string ArgumentsJson { get; }
        public IGeminiSession Session { get; }
        public GeminiTool? Tool { get; }
        public DateTimeOffset ReceivedAt { get; }

        public override string ToString() => $"{Name}({ArgumentsJson})";
    }
}
