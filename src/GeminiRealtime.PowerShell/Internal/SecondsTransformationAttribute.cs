using System;
using System.Management.Automation;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>Lets a TimeSpan parameter take a plain number as seconds (-Duration 30), besides TimeSpan and "00:00:30".</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecondsTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject ps ? ps.BaseObject : inputData;
            return value switch
            {
                int i => TimeSpan.FromSeconds(i),
                long l => TimeSpan.FromSeconds(l),
                double d => TimeSpan.FromSeconds(d),
                decimal m => TimeSpan.FromSeconds((double)m),
                _ => inputData,
            };
        }
    }
}
