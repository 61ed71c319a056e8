//! `Subscription<T>`: one subscriber's stream of a broadcast, the one shape every event stream
//! of the core has (the companion's outputs, a link's events). A subscriber that falls behind
//! is told how many it missed, as an item of the stream ([`Lagging`]), instead of an error.

use tokio::sync::broadcast;

/// An item type that can say "you missed `missed` items here".
pub trait Lagging {
    /// The item reporting that a slow subscriber missed `missed` items.
    fn lagged(missed: u64) -> Self;
}

/// A subscriber's stream of `T`s, in order.
#[derive(Debug)]
pub struct Subscription<T> {
    receiver: broadcast::Receiver<T>,
}

impl<T: Clone + Lagging> Subscription<T> {
    /// A subscription reading `receiver`.
    pub fn new(receiver: broadcast::Receiver<T>) -> Self {
        Self { receiver }
    }

    /// The next item; `None` once the sender is gone.
    pub async fn next(&mut self) -> Option<T> {
        match self.receiver.recv().await {
            Ok(item) => Some(item),
            Err(broadcast::error::RecvError::Lagged(missed)) => Some(T::lagged(missed)),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    }

    /// The next item if one is waiting, without blocking.
    pub fn try_next(&mut self) -> Option<T> {
        match self.receiver.try_recv() {
            Ok(item) => Some(item),
            Err(broadcast::error::TryRecvError::Lagged(missed)) => Some(T::lagged(missed)),
            Err(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    enum Item {
        Value(u32),
        Missed(u64),
    }

    impl Lagging for Item {
        fn lagged(missed: u64) -> Self {
            Item::Missed(missed)
        }
    }

    #[tokio::test]
    async fn a_slow_subscriber_is_told_what_it_missed() {
        let (tx, rx) = broadcast::channel(2);
        let mut sub = Subscription::new(rx);
        for v in 0..5 {
            tx.send(Item::Value(v)).unwrap();
        }
        assert_eq!(sub.next().await, Some(Item::Missed(3)));
        assert_eq!(sub.try_next(), Some(Item::Value(3)));
        assert_eq!(sub.next().await, Some(Item::Value(4)));
        drop(tx);
        assert_eq!(sub.next().await, None);
    }
}
