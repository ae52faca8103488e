using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;

namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>
    /// Runs a command or scriptblock with named arguments (<c>&amp; $command @arguments</c>) in the current scope, with
    /// extra variables defined for it. The splatting scriptblock is made per call, so it never belongs to one runspace.
    /// </summary>
    internal static class CommandSplat
    {
        public static Collection<PSObject> Invoke(object command, IDictionary named, List<PSVariable> variables)
        {
            ScriptBlock splat = ScriptBlock.Create("param($__geminiCommand, $__geminiArguments) & $__geminiCommand @__geminiArguments");
            return splat.InvokeWithContext(null, variables, command, named);
        }
    }
}
