# 手机外壳（安卓和 iOS）自己的文字，简体中文。每条消息在 ../en/shell.ftl 里都有同名、同变量的
# 英文版。外壳通过 FFI 获取这些文字（bindings/src/shell_text.rs），自己不保存任何字符串；
# iOS 的权限提示从这里写入应用的 InfoPlist.strings。
# 见 docs/language.md。

## 启动

shell-start-failed = Sightline 无法启动。

## 查找和配对眼镜

shell-find-glasses = 查找我的眼镜
shell-searching = 正在搜索…
shell-unnamed-glasses = 眼镜
shell-pairing-question = 眼镜上显示的是这个配对码吗？
shell-pairing-match = 一致
shell-pairing-differ = 不一致
shell-link = 眼镜：{ $state ->
    [scanning] 正在搜索
    [connecting] 正在连接
    [pairing] 正在配对
    [ready] 已连接
    [reconnecting] 正在重新连接
   *[other] 未连接
}

## 蓝牙和权限

shell-no-bluetooth = 这部手机不支持低功耗蓝牙。
shell-bluetooth-off = 蓝牙已关闭。请打开蓝牙后再搜索。
shell-bluetooth-refused = 查找眼镜需要蓝牙权限。请在“设置”中允许 Sightline 使用蓝牙。
shell-location-off = 在这个安卓版本上，查找蓝牙眼镜需要打开位置信息。
shell-scan-failed = 手机无法搜索眼镜，请稍后再试。

## 提问

shell-ask = 提问
shell-send = 发送
shell-stop-listening = 停止

## 确认页

shell-total = 合计
shell-confirm = 确认
shell-cancel = 取消

## 调用失败时，按失败的种类说（从不显示给开发者看的文字）

shell-error-invalid-input = 这个请求无法处理，请检查后再试。
shell-error-configuration = 应用的设置或模型文件无法使用，请检查设置或重新安装应用。
shell-error-storage = 手机存储出错了，请释放一些空间后再试。
shell-error-not-found = 没有找到。
shell-error-refused = 服务拒绝了这个请求，再试也没有用。
shell-error-service-unavailable = 服务没有响应，请稍后再试。
shell-error-glasses = 眼镜没有连接或连接中断了，请重新连接。
shell-error-cancelled = 已取消。
shell-error-internal = Sightline 内部出错了。请重启应用；如果再次发生，请报告问题。
shell-error-unexpected = 手机上出了点问题，请再试一次。

## iOS 权限提示（应用的 Info.plist；`cargo xtask shells` 检查生成的
## `ios/SightlineApp/SightlineApp/<语言>.lproj/InfoPlist.strings`）

shell-ios-bluetooth-usage = Sightline 通过蓝牙连接你的眼镜，接收眼镜看到和听到的内容，并在眼镜的显示屏上显示卡片。
shell-ios-speech-usage = 你点按麦克风时，Sightline 在这部手机上把你说的话变成请求。
shell-ios-microphone-usage = 麦克风打开时，Sightline 会聆听，这样你就可以用说话来提问。
