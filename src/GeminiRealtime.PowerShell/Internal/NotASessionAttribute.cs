using System.Management.Automation;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>
    /// On a text parameter that takes pipeline input next to a pipeline-bound -Session: a piped session binds to
    /// -Session only and is never turned into text (without this, <c>$s | Send-GeminiText</c> would send the
    /// session's ToString() as a prompt).
    /// </summary>
    internal sealed class NotASessionAttribute : ArgumentTransformationAttribute
    {
        /// <summary>A session is not text (for -Text).</summary>
        public NotASessionAttribute()
            : this("A session is not text: pipe text, or give -Text (a piped session binds to -Session).")
        {
        }

        /// <summary>With the message for this parameter (e.g. a session is not a path).</summary>
        public NotASessionAttribute(string message) => Message = message;

        /// <summary>What the user is told when a session reaches this parameter.</summary>
        public string Message { get; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is IGeminiSession)
                throw new ArgumentTransformationMetadataException(Message);
            return inputData;
        }
    }
}
