// Fixtures for FeatureDependencyTests: areas of a pretend portal whose references only the compiled code shows.
#pragma warning disable CA1812, IDE0161
namespace RegistryCheck.UnitTests.Architecture.Fixture.Features.Beta
{
    internal static class BetaWords
    {
        public static string Word() => "beta";
    }
}

namespace RegistryCheck.UnitTests.Architecture.Fixture.Features.Shared
{
    internal static class SharedWords
    {
        public static string Word() => "shared";
    }
}

namespace RegistryCheck.UnitTests.Architecture.Fixture.Features.Alpha
{
    internal static class UsesBetaInABody
    {
        // A relative name, no using line: only the method body tells.
        public static int Length() => Beta.BetaWords.Word().Length;
    }

    internal static class UsesShared
    {
        public static string Word() => Shared.SharedWords.Word();
    }
}

namespace RegistryCheck.UnitTests.Architecture.Fixture.Infrastructure
{
    internal static class UsesBetaInALambda
    {
        public static Func<string> Word() => () => Features.Beta.BetaWords.Word();
    }
}
