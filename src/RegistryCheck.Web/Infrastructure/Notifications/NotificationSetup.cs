namespace RegistryCheck.Web.Infrastructure.Notifications;

public static class NotificationSetup
{
    /// <summary>The outbox, its worker and the channels (each off until configured).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<MessageChannels>();
        services.AddSingleton<MessageTexts>();
        services.AddSingleton<IMessageSender, EmailSender>();
        services.AddSingleton<OutboxProcessor>();
        services.AddScoped<StudentMessages>();
        services.AddScoped<DeadlineReminders>();
        services.AddHostedService<OutboxWorker>();
        services.AddHostedService<DeadlineReminderWorker>();
        return services;
    }
}
