using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RegistryCheck.Data;

namespace RegistryCheck.Migrations.SqlServer;

/// <summary>Lets `dotnet ef` build the model for SQL Server; no server is contacted to add a migration.</summary>
public class DesignTimeFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<RegistryDbContext>()
            .UseSqlServer("Server=localhost;Database=RegistryCheck;Trusted_Connection=True;TrustServerCertificate=True",
                x => x.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options;
        return new RegistryDbContext(options);
    }
}
