using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RegistryCheck.Data;

namespace RegistryCheck.Migrations.PostgreSql;

/// <summary>Lets `dotnet ef` build the model for PostgreSQL; no server is contacted to add a migration.</summary>
public class DesignTimeFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<RegistryDbContext>()
            .UseNpgsql("Host=localhost;Database=registrycheck;Username=registrycheck",
                x => x.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options;
        return new RegistryDbContext(options);
    }
}
