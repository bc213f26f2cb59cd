using RegistryCheck.Web;

namespace RegistryCheck.UnitTests.Architecture;

/// <summary>
/// The house rule of docs/architecture.md, held on the compiled portal: a feature depends only on Features/Shared,
/// Infrastructure and Data, never on another feature; Infrastructure depends on no feature. Program.cs (the
/// composition root) has no area and is exempt.
/// </summary>
public class FeatureDependencyTests
{
    private static readonly string Portal = typeof(SharedResource).Assembly.Location;

    [Fact]
    public void No_feature_uses_another_feature_and_infrastructure_uses_none()
    {
        var broken = FeatureGraph.Read(Portal, "RegistryCheck.Web").Where(r => !FeatureGraph.IsAllowed(r)).Select(r => r.ToString()).ToList();

        Assert.True(broken.Count == 0, "References that break the rule:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void The_reader_sees_compiled_views_and_method_bodies_of_the_portal()
    {
        var graph = FeatureGraph.Read(Portal, "RegistryCheck.Web");

        // Corrections/Index.cshtml loops over ReportRules.OpenStatuses: a view, placed by its path.
        Assert.Contains(graph, r => r.FromArea == "Features.Corrections" && r.FromType.StartsWith("AspNetCoreGeneratedDocument.", StringComparison.Ordinal)
            && r.ToType == "RegistryCheck.Web.Features.Shared.ReportRules");
        // The layout lives in Features/Shared and uses Infrastructure (the clock the views inject).
        Assert.Contains(graph, r => r.FromArea == FeatureGraph.Shared && r.FromType.StartsWith("AspNetCoreGeneratedDocument.", StringComparison.Ordinal)
            && r.ToArea == FeatureGraph.Infrastructure);
    }

    [Fact]
    public void A_relative_reference_in_a_method_body_breaks_the_rule()
    {
        // The fixtures below sit in this test assembly under their own root namespace.
        var graph = FeatureGraph.Read(typeof(FeatureDependencyTests).Assembly.Location, "RegistryCheck.UnitTests.Architecture.Fixture");

        Assert.Equal(
        [
            "Features.Alpha → Features.Beta: RegistryCheck.UnitTests.Architecture.Fixture.Features.Alpha.UsesBetaInABody uses RegistryCheck.UnitTests.Architecture.Fixture.Features.Beta.BetaWords",
            "Features.Alpha → Features.Shared: RegistryCheck.UnitTests.Architecture.Fixture.Features.Alpha.UsesShared uses RegistryCheck.UnitTests.Architecture.Fixture.Features.Shared.SharedWords",
            "Infrastructure → Features.Beta: RegistryCheck.UnitTests.Architecture.Fixture.Infrastructure.UsesBetaInALambda uses RegistryCheck.UnitTests.Architecture.Fixture.Features.Beta.BetaWords",
        ], graph.Select(r => r.ToString()));
        Assert.Equal([false, true, false], graph.Select(FeatureGraph.IsAllowed));
    }
}
