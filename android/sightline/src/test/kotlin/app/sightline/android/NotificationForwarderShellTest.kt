package app.sightline.android

import app.sightline.core.NotificationDelivery
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Test

class NotificationForwarderShellTest {
    private val sent = ArrayList<PostedNotification>()
    private val forwarder = NotificationForwarder("app.sightline.app") {
        sent.add(it)
        NotificationDelivery.SHOWN
    }

    private fun posted(
        pkg: String = "com.tencent.mm",
        title: String = "李娜",
        text: String = "晚上见",
        ongoing: Boolean = false,
    ) = PostedNotification(pkg, "WeChat", title, text, 1_795_658_400_000, ongoing)

    @Test
    fun shellForwardsNewsToTheCore() = runBlocking {
        assertEquals(NotificationDelivery.SHOWN, forwarder.forward(posted()))
        assertEquals(listOf(posted()), sent)
    }

    @Test
    fun shellKeepsOwnOngoingAndEmptyNotificationsOnThePhone() = runBlocking {
        assertNull(forwarder.forward(posted(pkg = "app.sightline.app")))
        assertNull(forwarder.forward(posted(ongoing = true)))
        assertNull(forwarder.forward(posted(title = " ", text = "")))
        assertEquals(emptyList<PostedNotification>(), sent)
    }
}
