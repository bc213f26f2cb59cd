namespace RegistryCheck.BrowserTests.Infrastructure;

/// <summary>
/// A second portal, seeded with the demo's campaigns in progress (the 专升本 class whose 学信网 check is open):
/// the shared portal leaves them out, so the other journeys' counts stay those of the bare roster.
/// </summary>
public sealed class DemoProgressPortal() : BrowserPortal(seedDemoProgress: true);

[CollectionDefinition(Name)]
public sealed class DemoProgressCollection : ICollectionFixture<DemoProgressPortal>
{
    public const string Name = "browser-demo-progress";
}
