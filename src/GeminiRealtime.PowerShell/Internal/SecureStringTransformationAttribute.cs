using System.Management.Automation;
using System.Security;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>Lets a <see cref="SecureString"/> parameter also take a plain string (e.g. from a variable or a test) or a PSCredential (its password).</summary>
    internal sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            // Get-Secret returns a PSCredential for credential secrets: its password is the key.
            if (value is PSCredential credential) return credential.Password;
            // New-GeminiEphemeralToken's output: its token.
            if (value is GeminiEphemeralToken token) return token.Token;
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
