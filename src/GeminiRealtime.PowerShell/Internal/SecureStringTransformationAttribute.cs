using System.Management.Automation;
using System.Security;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>Lets a <see cref="SecureString"/> parameter also take a plain string (e.g. from a variable or a test).</summary>
    internal sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is string text)
            {
                var secure = new SecureString();
                foreach (char c in text) secure.AppendChar(c);
                secure.MakeReadOnly();
                return secure;
            }
            return value;
        }
    }
}
