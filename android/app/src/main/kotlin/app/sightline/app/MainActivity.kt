package app.sightline.app

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.viewModels
import androidx.compose.material3.MaterialTheme
import app.sightline.app.ui.SightlineScreen

/** The single activity: the Compose screens over one [CompanionViewModel]. */
class MainActivity : ComponentActivity() {
    private val model: CompanionViewModel by viewModels()

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContent {
            MaterialTheme {
                SightlineScreen(model)
            }
        }
    }
}
