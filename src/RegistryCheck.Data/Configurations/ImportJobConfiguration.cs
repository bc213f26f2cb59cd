using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> b)
    {
        b.Property(x => x.FileName).HasMaxLength(FieldLengths.FileName);
        b.Property(x => x.Options).HasMaxLength(2000);
        b.Property(x => x.Error).HasMaxLength(FieldLengths.Note);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.CreatedAt);
    }
}
