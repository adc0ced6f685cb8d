namespace Roll;

/// <summary>Custom-event listeners that never stop the chain, for those that only react: no <c>return null;</c> to write.</summary>
public partial class RollApp
{
    /// <summary>Listens to a custom event of type <typeparamref name="TEvent"/> with an async listener that never stops the chain.</summary>
    public void Listen<TEvent>(Func<TEvent, Task> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        CustomListeners(typeof(TEvent)).Add(async args =>
        {
            await listener((TEvent)args!).ConfigureAwait(false);
            return null;
        });
    }

    /// <summary>Listens to a custom event by name with an async listener that never stops the chain.</summary>
    public void Listen(string name, Func<object?, Task> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        CustomListeners(name).Add(async args =>
        {
            await listener(args).ConfigureAwait(false);
            return null;
        });
    }
}
