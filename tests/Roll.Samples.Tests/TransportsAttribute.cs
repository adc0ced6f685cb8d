using System.Reflection;
using Xunit.Sdk;

namespace Samples.Tests;

/// <summary>Runs a theory once per <see cref="Transport"/>, crossed with each of the values given, if any.</summary>
/// <remarks><c>[Transports]</c> passes the transport alone; <c>[Transports("GET", "PUT")]</c> passes (transport, value) pairs.</remarks>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TransportsAttribute(params object[] values) : DataAttribute
{
    /// <inheritdoc/>
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        foreach (var transport in Enum.GetValues<Transport>())
        {
            if (values.Length == 0)
            {
                yield return [transport];
            }
            foreach (var value in values)
            {
                yield return [transport, value];
            }
        }
    }
}
