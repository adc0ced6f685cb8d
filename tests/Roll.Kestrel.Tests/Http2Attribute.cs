using System.Reflection;
using Xunit.Sdk;

namespace Roll.Kestrel.Tests;

/// <summary>Runs a theory once per way of speaking <see cref="Tests.Http2"/>, crossed with each of the values given, if any.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class Http2Attribute(params object[] values) : DataAttribute
{
    /// <inheritdoc/>
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        foreach (var how in Enum.GetValues<Http2>())
        {
            if (values.Length == 0)
            {
                yield return [how];
            }
            foreach (var value in values)
            {
                yield return [how, value];
            }
        }
    }
}
