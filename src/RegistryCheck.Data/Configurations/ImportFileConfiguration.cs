using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class ImportFileConfiguration : IEntityTypeConfiguration<ImportFile>
{
    public void Configure(EntityTypeBuilder<ImportFile> b)
    {
        b.HasKey(x => x.ImportJobId);
        b.HasOne<ImportJob>().WithOne().HasForeignKey<ImportFile>(x => x.ImportJobId).OnDelete(DeleteBehavior.Cascade);
    }
}
